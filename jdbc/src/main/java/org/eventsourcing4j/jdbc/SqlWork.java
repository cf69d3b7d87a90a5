package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on a connection inside a transaction; the connection never escapes it. Driver
 * errors ({@link SQLException}) are translated into typed errors by whoever runs the work;
 * anything else the work throws — {@code X}, or an unchecked exception — comes out
 * unchanged, so a callback that throws no checked exception of its own makes the call throw
 * none either.
 *
 * @param <T> the result
 * @param <X> the checked exception the work may throw besides {@code SQLException};
 *            inferred as {@code RuntimeException} when it throws none
 */
@FunctionalInterface
public interface SqlWork<T, X extends Exception> {
    T run(Connection connection) throws SQLException, X;
}

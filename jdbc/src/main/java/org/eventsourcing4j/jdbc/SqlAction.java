package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** {@link SqlWork} without a result. */
@FunctionalInterface
public interface SqlAction<X extends Exception> {
    void run(Connection connection) throws SQLException, X;
}

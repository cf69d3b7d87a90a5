package org.eventsourcing4j.jdbc;

import java.sql.Connection;

/** Work done on a connection inside a transaction; the connection never escapes it. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws Exception;
}

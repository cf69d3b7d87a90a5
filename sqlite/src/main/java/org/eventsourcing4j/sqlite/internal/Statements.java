package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Prepared statements on one connection: the writer session's cached ones, or a caller's connection's. */
public interface Statements {

    Connection connection();

    /** The statement for {@code sql}; the caller binds every parameter each time and does not close it. */
    PreparedStatement prepare(String sql) throws SQLException;
}

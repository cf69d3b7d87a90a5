package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * SQLSTATE classes of the SQL standard: 08 connection exception, 40 transaction rollback,
 * 23505 unique violation (the value PostgreSQL, H2 and others use), 22 data exception,
 * 25006 read-only transaction, 42 syntax error or access rule violation (a missing table
 * among them). Without a SQLSTATE, the JDBC exception type decides. Migrations are not
 * locked: a database with concurrent migrators needs its own dialect.
 */
final class StandardDialect implements SqlDialect {
    static final StandardDialect INSTANCE = new StandardDialect();

    private StandardDialect() {
    }

    @Override
    public String name() {
        return "the database";
    }

    @Override
    public SqlFailure classify(SQLException e) {
        String state = SqlDialect.sqlState(e);
        if (state == null) {
            return SqlFailure.ofExceptionType(e);
        }
        if (state.startsWith("08")) {
            return SqlFailure.CONNECTION_LOST;
        }
        if (state.startsWith("40")) {
            return SqlFailure.SERIALIZATION;
        }
        if (state.equals("23505")) {
            return SqlFailure.UNIQUE_VIOLATION;
        }
        if (state.startsWith("22")) {
            return SqlFailure.INVALID_DATA;
        }
        if (state.equals("25006")) {
            return SqlFailure.READ_ONLY;
        }
        return SqlFailure.ofExceptionType(e);
    }

    @Override
    public void lockForMigration(Connection connection, String key) {
    }
}

package org.eventsourcing4j.postgres;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.SqlFailure;
import org.eventsourcing4j.support.Digests;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL's error codes and locks, in one place. By SQLSTATE:
 * <ul>
 * <li>connection lost: class 08, 57P01 (admin shutdown), 57P02 (crash shutdown);</li>
 * <li>unavailable: 57P03 (cannot connect now, the server is starting), 57014 (statement
 *     cancelled, e.g. a timeout), 55P03 (lock not available), class 53 except 53100
 *     (too many connections, out of memory; 53100 is a full disk, which waiting rarely
 *     fixes);</li>
 * <li>serialization: 40001 (serialization failure), 40P01 (deadlock);</li>
 * <li>23505 unique violation; class 22 invalid data; 25006 read-only (a standby);
 *     42P01 / 3F000 missing table or schema.</li>
 * </ul>
 * The first three are retryable. Without a SQLSTATE the JDBC exception type decides.
 * Migrations are serialized by a transaction-scoped advisory lock.
 */
public final class PostgresDialect implements SqlDialect {
    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    /** PostgreSQL's own codes first; the SQL standard's classes for the rest. */
    @Override
    public SqlFailure classify(SQLException e) {
        String state = SqlDialect.sqlState(e);
        if (state == null) {
            return SqlFailure.ofExceptionType(e);
        }
        if (state.equals("57P01") || state.equals("57P02")) {
            return SqlFailure.CONNECTION_LOST;
        }
        if (state.equals("57P03") || state.equals("57014") || state.equals("55P03")
                || (state.startsWith("53") && !state.equals("53100"))) {
            return SqlFailure.UNAVAILABLE;
        }
        if (state.startsWith("40")) {
            // Only these two roll back a transaction that may succeed when run again.
            return state.equals("40001") || state.equals("40P01") ? SqlFailure.SERIALIZATION : SqlFailure.OTHER;
        }
        if (state.equals("42P01") || state.equals("3F000")) {
            return SqlFailure.MISSING_SCHEMA;
        }
        return SqlDialect.standard().classify(e);
    }

    /** {@code pg_advisory_xact_lock} on a 64-bit key derived from {@code key}. */
    @Override
    public void lockForMigration(Connection connection, String key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, lockKey("eventsourcing4j-migrations:" + key));
            lock.execute();
        }
    }

    /** A stable 64-bit advisory-lock key: the first 8 bytes of the SHA-256 of {@code text}. */
    public static long lockKey(String text) {
        return ByteBuffer.wrap(Digests.sha256(text), 0, Long.BYTES).getLong();
    }

    /** The name of the constraint a server error names, or null. */
    public static String constraint(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql) {
                ServerErrorMessage message = psql.getServerErrorMessage();
                if (message != null && message.getConstraint() != null) {
                    return message.getConstraint();
                }
            }
        }
        return null;
    }
}

package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StoreUnavailableException;

/**
 * The rules of one database product, in one place: how its driver errors classify
 * ({@link #classify}), hence which are retryable, and how schema migrations are serialized
 * ({@link #lockForMigration}). The PostgreSQL and SQLite modules each have one;
 * {@link #standard()} follows the SQL standard's SQLSTATE classes for anything else.
 * Errors are classified by code (SQLSTATE, vendor result code), never by message text.
 */
public interface SqlDialect {

    /** The product's name for messages, e.g. {@code "PostgreSQL"}. */
    String name();

    /** What kind of failure {@code e} is. */
    SqlFailure classify(SQLException e);

    /**
     * Takes a lock, inside the transaction on {@code connection}, that serializes the schema
     * migrations named {@code key} across connections and processes until the transaction
     * ends. Several application instances that start at once then migrate one after another.
     */
    void lockForMigration(Connection connection, String key) throws SQLException;

    /**
     * The typed error for {@code e}, which happened during {@code operation} (e.g.
     * {@code "a checkpoint operation"}): retryable failures become a
     * {@link StoreUnavailableException}, the others a {@link StorageException}.
     */
    default EventSourcingException translate(SQLException e, String operation) {
        return translate(e, operation, classify(e));
    }

    /** {@link #translate(SQLException, String)} for a failure already classified. */
    default EventSourcingException translate(SQLException e, String operation, SqlFailure failure) {
        String state = sqlState(e);
        String code = state == null ? e.getClass().getSimpleName() : "SQLSTATE " + state;
        return switch (failure) {
            case CONNECTION_LOST -> new StoreUnavailableException(name() + " connection lost during " + operation
                    + " (" + code + "); retry later", e);
            case UNAVAILABLE, SERIALIZATION -> new StoreUnavailableException(name() + " unavailable during "
                    + operation + " (" + code + "); retry later", e);
            case READ_ONLY -> new StorageException(operation + " failed: the " + name() + " database is read-only ("
                    + code + "); is this a standby? Writes must go to the primary", e);
            case MISSING_SCHEMA -> new StorageException(operation + " failed: a table or schema it needs is missing ("
                    + code + ")", e);
            case INVALID_DATA -> new StorageException(operation + " failed: " + name() + " refused a value ("
                    + code + ")", e);
            case UNIQUE_VIOLATION, OTHER -> new StorageException(operation + " failed on " + name() + " (" + code
                    + "): " + e.getMessage(), e);
        };
    }

    /** The SQLSTATE of {@code e}, or of the first exception in its cause or next chain that has one; null if none. */
    static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        SQLException next = e.getNextException();
        return next == null || next == e ? null : sqlState(next);
    }

    /** The SQL standard's SQLSTATE classes, for a database without a dialect of its own. */
    static SqlDialect standard() {
        return StandardDialect.INSTANCE;
    }
}

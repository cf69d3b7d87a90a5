package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.SqlFailure;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite's dialect: translates driver errors into the core's typed errors by SQLite result
 * code, never by reading the message text. Extended codes (e.g. {@code SQLITE_IOERR_FSYNC})
 * are reduced to their primary code, the low 8 bits. Busy and locked are retryable; a
 * constraint is a unique violation (the only constraints the library's tables can break
 * are unique ones); read-only is read-only; everything else is a storage problem. Messages
 * name the database file and the busy timeout.
 */
public final class SqliteErrors implements SqlDialect {
    private final String database;
    private final int busyTimeoutMillis;

    /**
     * @param database          how messages name the database, e.g. the file path
     * @param busyTimeoutMillis the busy timeout, for the message of a busy error
     */
    public SqliteErrors(String database, int busyTimeoutMillis) {
        this.database = database;
        this.busyTimeoutMillis = busyTimeoutMillis;
    }

    /** The primary SQLite result code of {@code e}; {@code UNKNOWN_ERROR} when it is not a SQLite error. */
    public static SQLiteErrorCode primaryCode(SQLException e) {
        if (e instanceof SQLiteException sqlite && sqlite.getResultCode() != null) {
            return SQLiteErrorCode.getErrorCode(sqlite.getResultCode().code & 0xFF);
        }
        return SQLiteErrorCode.UNKNOWN_ERROR;
    }

    @Override
    public String name() {
        return "SQLite";
    }

    @Override
    public SqlFailure classify(SQLException e) {
        return switch (primaryCode(e)) {
            case SQLITE_BUSY, SQLITE_LOCKED -> SqlFailure.UNAVAILABLE;
            case SQLITE_CONSTRAINT -> SqlFailure.UNIQUE_VIOLATION;
            case SQLITE_READONLY -> SqlFailure.READ_ONLY;
            case UNKNOWN_ERROR -> SqlFailure.ofExceptionType(e);
            default -> SqlFailure.OTHER;
        };
    }

    /**
     * Writes a row, which takes the database's write lock until the transaction ends: every
     * other writer, in any process, waits. (The store's own transactions begin
     * {@code IMMEDIATE} and hold it already.)
     */
    @Override
    public void lockForMigration(Connection connection, String key) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS es_migration_lock (id INTEGER PRIMARY KEY)");
            statement.execute("INSERT OR REPLACE INTO es_migration_lock (id) VALUES (1)");
        }
    }

    @Override
    public EventSourcingException translate(SQLException e, String operation, SqlFailure failure) {
        return translate(e, operation, false);
    }

    /**
     * @param action  what failed, e.g. {@code "appending to stream 'a-1'"}
     * @param writing whether the action writes; its message then says nothing was written
     */
    public EventSourcingException translate(SQLException e, String action, boolean writing) {
        String tail = writing ? "; nothing of it was written" : "";
        SQLiteErrorCode code = primaryCode(e);
        if (e instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT) {
            return new StoreUnavailableException("SQLite database " + database + " refused the write lock to a"
                    + " transaction that had read an older state of the database while " + action + tail
                    + "; retry in a new transaction", e);
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED) {
            return new StoreUnavailableException("SQLite database " + database + " stayed locked by another "
                    + "connection or process for longer than the busy timeout (" + busyTimeoutMillis + " ms) while "
                    + action + tail + "; retry", e);
        }
        String what = switch (code) {
            case SQLITE_FULL -> "the database or disk is full (SQLITE_FULL: no space left, or max_page_count reached)";
            case SQLITE_READONLY -> "the database is read-only (SQLITE_READONLY: read-only file, directory or connection)";
            case SQLITE_PERM -> "permission denied (SQLITE_PERM)";
            case SQLITE_AUTH -> "access denied (SQLITE_AUTH)";
            case SQLITE_CANTOPEN -> "the database file cannot be opened "
                    + "(SQLITE_CANTOPEN: missing directory, no permission, or too many open files)";
            case SQLITE_IOERR -> "a disk I/O error occurred (" + extendedName(e) + ")";
            case SQLITE_CORRUPT -> "the database file is corrupt (SQLITE_CORRUPT)";
            case SQLITE_NOTADB -> "the file is not a SQLite database (SQLITE_NOTADB)";
            case SQLITE_NOMEM -> "SQLite ran out of memory (SQLITE_NOMEM)";
            case UNKNOWN_ERROR -> "the JDBC driver failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            default -> "SQLite failed with " + extendedName(e);
        };
        return new StorageException(action + " failed on SQLite database " + database + ": " + what + tail, e);
    }

    /** The in-process writer lock was not free within the busy timeout. */
    public StoreUnavailableException writerLockTimeout(String action) {
        return new StoreUnavailableException("another writer of this store held SQLite database " + database
                + " for longer than the busy timeout (" + busyTimeoutMillis + " ms) while " + action
                + "; nothing of it was written; retry", null);
    }

    private static String extendedName(SQLException e) {
        if (e instanceof SQLiteException sqlite && sqlite.getResultCode() != null) {
            return sqlite.getResultCode().name();
        }
        return "error code " + e.getErrorCode();
    }
}

package org.eventsourcing4j.postgres.internal;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Translates driver errors into the core's typed errors by SQLSTATE (never by message text).
 *
 * <p>Retryable ("unavailable"): class 08 (connection exceptions), 57P01..57P03 (the server
 * is shutting down or starting), 57014 (statement cancelled, e.g. a timeout), 55P03 (lock
 * not available), 40001 / 40P01 (serialization failure, deadlock) and class 53 except
 * 53100 (too many connections, out of memory). Everything else is a {@link StorageException}.
 */
public final class SqlErrors {
    public static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {
    }

    /** The SQLSTATE of {@code e}, or of the first exception in its chain that has one. */
    public static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        SQLException next = e.getNextException();
        return next == null ? null : sqlState(next);
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

    /** Whether running the same statement in a new transaction may succeed. */
    public static boolean isTransient(SQLException e) {
        String state = sqlState(e);
        if (state == null) {
            return e instanceof SQLTransientException || e instanceof SQLRecoverableException;
        }
        return state.startsWith("08")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("57014") || state.equals("55P03")
                || state.equals("40001") || state.equals("40P01")
                || (state.startsWith("53") && !state.equals("53100"));
    }

    /** Whether the connection is gone: the work may be run again on a fresh connection. */
    public static boolean isConnectionLost(SQLException e) {
        String state = sqlState(e);
        if (state == null) {
            return e instanceof SQLRecoverableException;
        }
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02");
    }

    /** Whether the server refused a value (SQLSTATE class 22, data exception). */
    public static boolean isDataException(SQLException e) {
        String state = sqlState(e);
        return state != null && state.startsWith("22");
    }

    public static EventSourcingException translate(SQLException e, String operation) {
        String state = sqlState(e);
        if (isTransient(e)) {
            return new StoreUnavailableException("PostgreSQL unavailable during " + operation
                    + " (SQLSTATE " + state + "); retry later", e);
        }
        if ("25006".equals(state)) {
            return new StorageException(operation + " failed: the server is read-only (SQLSTATE 25006);"
                    + " is this a standby? The event store must use the primary", e);
        }
        if ("42P01".equals(state) || "3F000".equals(state)) {
            return new StorageException(operation + " failed: the store's schema or tables are missing (SQLSTATE "
                    + state + ")", e);
        }
        return new StorageException(operation + " failed (SQLSTATE " + state + ")", e);
    }
}

package org.eventsourcing4j.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

/** What kind of failure a driver error is; each {@link SqlDialect} maps its error codes to these. */
public enum SqlFailure {
    /** The connection is gone; work that is safe to repeat may run again on a fresh connection. */
    CONNECTION_LOST(true),
    /** The database cannot serve now (shutting down, too many connections, a lock or statement timeout). */
    UNAVAILABLE(true),
    /** The database aborted the transaction (serialization failure, deadlock); running it again may succeed. */
    SERIALIZATION(true),
    /** A unique constraint refused a row; the caller works out which and why. */
    UNIQUE_VIOLATION(false),
    /** The database refused a value (out of range, malformed). */
    INVALID_DATA(false),
    /** The database or connection is read-only (a standby, a read-only file). */
    READ_ONLY(false),
    /** A table or schema the work needs does not exist. */
    MISSING_SCHEMA(false),
    /** Anything else: a storage problem that trying again will not solve. */
    OTHER(false);

    private final boolean retryable;

    SqlFailure(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether trying again later can succeed: such failures become {@code StoreUnavailableException}s. */
    public boolean isRetryable() {
        return retryable;
    }

    /** What the exception's JDBC type says, for an error without a (useful) SQLSTATE. */
    public static SqlFailure ofExceptionType(SQLException e) {
        if (e instanceof SQLRecoverableException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException) {
            return CONNECTION_LOST;
        }
        if (e instanceof SQLTransientException) {
            return UNAVAILABLE;
        }
        return OTHER;
    }
}

package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scoped use of the connections of a {@link DataSource} — the one SQL layer of the stores,
 * the checkpoint, dead-letter and snapshot tables and read models. A connection never
 * escapes a callback; it is returned to the data source afterwards with auto-commit on.
 * Driver errors leave as typed errors, translated once, here, by the {@link SqlDialect}.
 *
 * <p>Work of the library itself that is safe to repeat — reads, appends (idempotent by event
 * id), checkpoint compare-and-sets — runs through {@link #inTransaction(String, SqlWork)} and
 * {@link #autoCommit(String, SqlWork)}, which run it again on a fresh connection when the one
 * it got turned out to be dead: pools hand out connections that died while idle (a server
 * restart, a failover, an idle timeout on the network) without noticing, and each such failure
 * is immediate, so a few retries clear a pool of them. A caller's own work
 * ({@link #inTransaction(SqlWork)}) is never repeated: after a lost connection its outcome is
 * the caller's to find out. Failing to get a connection at all is not retried either: the
 * pool has waited already.
 *
 * <p>When a rollback fails after the work failed, the work's error is the one that leaves
 * (the rollback's is added as suppressed): it says what went wrong, and decides whether
 * trying again can help. A driver error without a SQLSTATE on a connection that is closed
 * by then counts as a lost connection.
 */
public final class Jdbc implements JdbcTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final int connectionRetries;

    /** Without retries on dead connections. */
    public Jdbc(DataSource dataSource, SqlDialect dialect) {
        this(dataSource, dialect, 0);
    }

    /** @param connectionRetries how often library work runs again when its connection was dead, at least 0 */
    public Jdbc(DataSource dataSource, SqlDialect dialect, int connectionRetries) {
        this.dataSource = Checks.notNull(dataSource, "data source");
        this.dialect = Checks.notNull(dialect, "dialect");
        if (connectionRetries < 0) {
            throw new InvalidArgumentException("connection retries", "must not be negative, got " + connectionRetries);
        }
        this.connectionRetries = connectionRetries;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public SqlDialect dialect() {
        return dialect;
    }

    /** A caller's work in one transaction; never repeated. */
    @Override
    public <T, X extends Exception> T inTransaction(SqlWork<T, X> work) throws X {
        Checks.notNull(work, "work");
        return run("a transaction", false, transactional(work));
    }

    /** Library work in one transaction, run again on a fresh connection when its connection was dead. */
    public <T, X extends Exception> T inTransaction(String operation, SqlWork<T, X> work) throws X {
        return run(operation, true, transactional(work));
    }

    /**
     * Library work on a connection in auto-commit mode (each statement its own transaction),
     * run again on a fresh connection when its connection was dead.
     */
    public <T, X extends Exception> T autoCommit(String operation, SqlWork<T, X> work) throws X {
        return run(operation, true, connection -> {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.run(connection);
        });
    }

    private static <T, X extends Exception> SqlWork<T, X> transactional(SqlWork<T, X> work) {
        return connection -> {
            if (connection.getAutoCommit()) {
                connection.setAutoCommit(false);
            }
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Throwable e) {
                rollbackAfter(connection, e);
                throw e;
            } finally {
                restoreAutoCommit(connection);
            }
        };
    }

    private <T, X extends Exception> T run(String operation, boolean repeatable, SqlWork<T, X> work) throws X {
        for (int attempt = 0; ; attempt++) {
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                throw dialect.translate(e, "opening a connection for " + operation);
            }
            try {
                return work.run(connection);
            } catch (SQLException e) {
                SqlFailure failure = classify(e, connection);
                if (!repeatable || attempt >= connectionRetries || failure != SqlFailure.CONNECTION_LOST) {
                    throw dialect.translate(e, operation, failure);
                }
                LOG.debug("connection lost during {}, running it again on another one: {}", operation, e.toString());
            } finally {
                close(connection);
            }
        }
    }

    /** The dialect's classification; a driver error without SQLSTATE on a closed connection is a lost connection. */
    SqlFailure classify(SQLException e, Connection connection) {
        SqlFailure failure = dialect.classify(e);
        if (failure == SqlFailure.OTHER && SqlDialect.sqlState(e) == null && isClosed(connection)) {
            return SqlFailure.CONNECTION_LOST;
        }
        return failure;
    }

    /** Whether {@code connection} is closed, or so broken that it cannot even say. */
    public static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Rolls back after {@code failure}; a failing rollback is kept as suppressed, never replacing the failure. */
    public static void rollbackAfter(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /**
     * Puts the connection back into auto-commit mode before it returns to the pool, which
     * expects it there. A failure here means the connection is broken, and the outcome of the
     * work is already decided (committed or rolled back), so it must not replace that outcome:
     * the pool discards a broken connection on its own.
     */
    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("could not restore auto-commit on a connection; it is probably broken", e);
        }
    }

    /** Closing decides nothing about the work's outcome: a failure to close is logged, not thrown. */
    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }
}

package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scoped use of connections from the caller's {@link DataSource}: a connection never
 * escapes a callback, and driver errors leave as the core's typed errors.
 */
public final class Jdbc {
    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

    /** Work on a connection; may throw {@link SQLException}. */
    @FunctionalInterface
    public interface ConnectionCallback<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final int connectionRetries;

    /**
     * @param connectionRetries how often to run work again, on a fresh connection, when the
     *                          connection it ran on turned out to be dead (see {@link #run})
     */
    public Jdbc(DataSource dataSource, int connectionRetries) {
        this.dataSource = dataSource;
        this.connectionRetries = connectionRetries;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public int connectionRetries() {
        return connectionRetries;
    }

    /**
     * Runs {@code work} on a connection in auto-commit mode, each statement its own
     * transaction, and returns the connection to the data source afterwards.
     */
    public <T> T autoCommit(String operation, ConnectionCallback<T> work) {
        return run(operation, connection -> {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.apply(connection);
        });
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(String operation, ConnectionCallback<T> work) {
        return run(operation, connection -> {
            boolean autoCommit = connection.getAutoCommit();
            if (autoCommit) {
                connection.setAutoCommit(false);
            }
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                if (autoCommit) {
                    restoreAutoCommit(connection);
                }
            }
        });
    }

    /**
     * Runs {@code work} on a connection of the data source, again on a fresh one when the
     * connection died under it. A pool hands out connections that died while idle (the
     * server restarted, a failover, an idle timeout on the network) without noticing; each
     * such failure is immediate, so a few retries clear a pool of them. Every callback of
     * this store may run again: reads have no effect, and an append whose outcome is unknown
     * is resolved by its own idempotent retry (same event ids). Failing to get a connection
     * at all is not retried: the pool has waited already.
     */
    private <T> T run(String operation, ConnectionCallback<T> work) {
        for (int attempt = 0; ; attempt++) {
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                throw SqlErrors.translate(e, operation);
            }
            try (connection) {
                return work.apply(connection);
            } catch (SQLException e) {
                if (attempt >= connectionRetries || !SqlErrors.isConnectionLost(e)) {
                    throw SqlErrors.translate(e, operation);
                }
                LOG.debug("connection lost during {}, retrying on another one: {}", operation, e.toString());
            }
        }
    }

    static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /**
     * Puts the connection back into auto-commit mode before it returns to the pool. A
     * failure here means the connection is broken, and the outcome of the work is already
     * decided (committed or rolled back), so it must not replace that outcome: the pool
     * discards a broken connection on its own.
     */
    static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("could not restore auto-commit on a connection; it is probably broken", e);
        }
    }
}

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

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work} on a connection in auto-commit mode, each statement its own
     * transaction, and returns the connection to the data source afterwards.
     */
    public <T> T autoCommit(String operation, ConnectionCallback<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.apply(connection);
        } catch (SQLException e) {
            throw SqlErrors.translate(e, operation);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(String operation, ConnectionCallback<T> work) {
        try (Connection connection = dataSource.getConnection()) {
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
        } catch (SQLException e) {
            throw SqlErrors.translate(e, operation);
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

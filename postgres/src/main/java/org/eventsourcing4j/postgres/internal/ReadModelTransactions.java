package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.SqlWork;

/**
 * Callers' transactions on the store's data source (the store's {@code JdbcTransactions}):
 * driver errors are translated like the store's own, by SQLSTATE; whatever else the work
 * throws leaves unchanged. Never retried here: the work is the caller's, and after a lost
 * connection its outcome may be unknown (projections settle that with the checkpoint's
 * compare-and-set).
 */
public final class ReadModelTransactions {
    private static final String OPERATION = "a read-model transaction";

    private final DataSource dataSource;

    public ReadModelTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T inTransaction(SqlWork<T> work) throws Exception {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "opening a connection for " + OPERATION);
        }
        try (connection) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Exception e) {
                Jdbc.rollbackQuietly(connection, e);
                throw e instanceof SQLException sql ? SqlErrors.translate(sql, OPERATION) : e;
            } finally {
                // Pools differ in whether they reset it; the next borrower expects auto-commit.
                Jdbc.restoreAutoCommit(connection);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e, OPERATION);
        }
    }
}

package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.support.Checks;

/**
 * {@link JdbcTransactions} over a plain {@link DataSource}: one connection per
 * transaction, auto-commit off. SQL errors are classified by SQLSTATE class and by the
 * JDBC exception type, never by message: connection errors (class 08), operator
 * intervention (57), serialization failures and deadlocks (40), lock timeouts and
 * transient exceptions are retryable {@link StoreUnavailableException}s. A store with rules
 * of its own passes its translator instead. Nothing is retried here: the work is the
 * caller's, and after a lost connection its outcome may be unknown.
 */
public final class DataSourceTransactions implements JdbcTransactions {
    private final DataSource dataSource;
    private final BiFunction<SQLException, String, EventSourcingException> translator;

    public DataSourceTransactions(DataSource dataSource) {
        this(dataSource, DataSourceTransactions::translate);
    }

    /** @param translator the typed error for a driver error and what was being done */
    public DataSourceTransactions(DataSource dataSource,
                                  BiFunction<SQLException, String, EventSourcingException> translator) {
        this.dataSource = Checks.notNull(dataSource, "data source");
        this.translator = Checks.notNull(translator, "translator");
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) throws Exception {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw translator.apply(e, "opening a connection for a transaction");
        }
        try (connection) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Exception e) {
                rollbackQuietly(connection, e);
                throw e instanceof SQLException sql ? translator.apply(sql, "a transaction") : e;
            } finally {
                restoreAutoCommit(connection);
            }
        } catch (SQLException e) {
            throw translator.apply(e, "a transaction");
        }
    }

    /** Pools differ in whether they reset auto-commit; the next borrower expects it on. */
    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignoredBecauseTheConnectionIsClosedNext) {
            // A connection that cannot even do this is broken; closing it below is all that is left.
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** The typed error for a driver error; retryable where trying again can succeed. */
    public static EventSourcingException translate(SQLException e, String during) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = "database error during " + during + " (SQLSTATE " + state + "): " + e.getMessage();
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || state.startsWith("08") || state.startsWith("57") || state.startsWith("40")
                || state.equals("55P03") || state.equals("53300")) {
            return new StoreUnavailableException(message, e);
        }
        return new StorageException(message, e);
    }
}

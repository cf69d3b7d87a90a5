package org.eventsourcing4j.jdbc;

/**
 * Runs work in one database transaction: commits when it returns, rolls back when it
 * throws. Driver errors are translated once, here, by the database's {@link SqlDialect}:
 * a lost connection or lock timeout comes out as a retryable
 * {@code StoreUnavailableException}, other failures as another {@code EventSourcingException}.
 * Whatever the work itself threw comes out unchanged. Nothing is retried: the work is the
 * caller's, and after a lost connection its outcome may be unknown.
 *
 * <p>The SQL stores implement this for their own database (SQLite queues writers and
 * begins {@code IMMEDIATE}), so that projections commit read-model changes together with
 * their checkpoint. The work must not commit, roll back or close the connection.
 */
public interface JdbcTransactions {

    <T, X extends Exception> T inTransaction(SqlWork<T, X> work) throws X;

    /** {@link #inTransaction(SqlWork)} for work without a result. */
    default <X extends Exception> void useTransaction(SqlAction<X> work) throws X {
        inTransaction(connection -> {
            work.run(connection);
            return null;
        });
    }

    /** The rules of the database behind these transactions: how its errors read, how it locks. */
    SqlDialect dialect();
}

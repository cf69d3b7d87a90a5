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

    /**
     * {@link #inTransaction(SqlWork)} for a write that only has to be durable together with a
     * later one (a crypto-shredding data key, written before the first event it encrypts): its
     * commit may skip its own flush to disk, and becomes durable with the next commit that
     * flushes. The databases' write-ahead logs make that safe: they reach the disk in commit
     * order, so after a crash the durable state is a prefix of the commits, and a write lost
     * this way is lost only with every commit after it (a process that dies loses nothing).
     * The SQLite store commits it with {@code synchronous=NORMAL} in WAL mode, PostgreSQL
     * with {@code synchronous_commit = off}; by default it is an ordinary transaction.
     */
    default <T, X extends Exception> T inTransactionDurableWithNext(SqlWork<T, X> work) throws X {
        return inTransaction(work);
    }

    /** The rules of the database behind these transactions: how its errors read, how it locks. */
    SqlDialect dialect();
}

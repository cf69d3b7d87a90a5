package org.eventsourcing4j.jdbc;

/**
 * Runs work in one database transaction: commits when it returns, rolls back when it
 * throws. A database problem (connection lost, lock timeout) comes out as a retryable
 * {@code StoreUnavailableException} or another {@code EventSourcingException}; whatever
 * the work itself threw comes out unchanged. The SQL stores implement this for their own
 * database (SQLite queues writers and begins {@code IMMEDIATE}), so projections can commit
 * read-model changes together with their checkpoint.
 */
public interface JdbcTransactions {
    <T> T inTransaction(SqlWork<T> work) throws Exception;
}

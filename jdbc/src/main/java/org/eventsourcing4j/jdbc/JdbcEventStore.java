package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.Registration;

/**
 * An event store in a SQL database, which also serves what lives beside the events: read
 * models whose changes commit with their checkpoint ({@link JdbcTransactions}), inline
 * projections, and the store's own checkpoint, dead-letter, snapshot and projection control
 * tables and projection leases, all named after the store's schema and prefix (or file) so that two
 * applications sharing a database never share them by accident.
 */
public interface JdbcEventStore extends EventStore, JdbcTransactions {

    /**
     * Runs {@code projection} inside every later append's transaction, on its connection,
     * after the events are inserted and before the commit: its read model is never behind
     * the events, and if it throws, the append is rolled back and fails with
     * {@link InlineProjectionException}. Closing the registration removes it.
     */
    Registration addInlineProjection(InlineProjection projection);

    /**
     * Appends inside the caller's transaction on {@code transaction} (auto-commit off, a
     * connection to this store's database), so that the events commit or roll back together
     * with the caller's other writes. The caller commits; the store does not close the
     * connection. A refused append (conflict, duplicate id) leaves the transaction usable.
     * There is no internal retry: a retryable refusal is retried in a new transaction. Readers
     * are not woken (the store cannot see the commit); they find the events by polling.
     *
     * @throws org.eventsourcing4j.store.InvalidArgumentException when the connection is in auto-commit mode
     */
    AppendResult appendInTransaction(Connection transaction, AppendBatch batch);

    /**
     * {@link #appendAll(java.util.List)} inside the caller's transaction, with the same rules as
     * {@link #appendInTransaction}: the caller commits, a refusal leaves the transaction usable,
     * no internal retry.
     */
    java.util.List<AppendResult> appendAllInTransaction(Connection transaction, java.util.List<AppendBatch> batches);

    /** The lease that lets one application instance at a time run projection {@code name} of this store. */
    ProjectionLease lease(String name);

    /** The store's checkpoint table, created on first use. */
    JdbcCheckpointStore checkpoints();

    /** The store's dead-letter table for parked events, created on first use. */
    JdbcDeadLetterStore deadLetters();

    /** The store's snapshot table, created on first use. */
    JdbcSnapshotStore snapshots();

    /**
     * The store's projection control tables, created on first use: where runners report and
     * operators' tools (the CLI, the console) pause, rebuild, reset and replay projections.
     */
    JdbcProjectionControl projectionControl();

    /**
     * The store's table of crypto-shredding data keys (wrapped), created on first use; see
     * {@code org.eventsourcing4j.shredding} and docs/compliance.md.
     */
    JdbcDataKeyStore dataKeys();
}

package org.eventsourcing4j.jdbc;

import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.Registration;

/**
 * An event store in a SQL database, which also serves what lives beside the events: read
 * models whose changes commit with their checkpoint ({@link JdbcTransactions}), inline
 * projections, and the store's own checkpoint, dead-letter and snapshot tables and
 * projection leases, all named after the store's schema and prefix (or file) so that two
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

    /** The lease that lets one application instance at a time run projection {@code name} of this store. */
    ProjectionLease lease(String name);

    /** The store's checkpoint table, created on first use. */
    JdbcCheckpointStore checkpoints();

    /** The store's dead-letter table for parked events, created on first use. */
    JdbcDeadLetterStore deadLetters();

    /** The store's snapshot table, created on first use. */
    JdbcSnapshotStore snapshots();
}

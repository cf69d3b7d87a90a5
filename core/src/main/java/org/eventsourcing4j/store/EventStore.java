package org.eventsourcing4j.store;

/**
 * An event store: appends with optimistic concurrency, stream reads, the global log, and a
 * listing of its streams.
 * Implementations are thread-safe. Closing releases what the store itself opened (never a
 * {@code DataSource} it was given).
 */
public interface EventStore extends EventWriter, StreamReader, GlobalLogReader, StreamCatalog, AutoCloseable {

    /**
     * Soft delete, truncation, hard delete and archiving of this store's streams; empty when
     * the store cannot retire streams (the default). The in-memory, SQLite and PostgreSQL
     * stores have it.
     */
    default java.util.Optional<StreamLifecycle> lifecycle() {
        return java.util.Optional.empty();
    }

    /**
     * Dynamic Consistency Boundaries (reads by query, conditional appends) when this store
     * offers them; empty otherwise.
     */
    default java.util.Optional<org.eventsourcing4j.store.dcb.ConsistencyBoundaries> consistencyBoundaries() {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {
    }
}

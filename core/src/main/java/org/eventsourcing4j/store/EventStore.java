package org.eventsourcing4j.store;

/**
 * An event store: appends with optimistic concurrency, stream reads, the global log, and a
 * listing of its streams.
 * Implementations are thread-safe. Closing releases what the store itself opened (never a
 * {@code DataSource} it was given).
 */
public interface EventStore extends EventWriter, StreamReader, GlobalLogReader, StreamCatalog, AutoCloseable {

    @Override
    default void close() {
    }
}

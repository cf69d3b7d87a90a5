package org.eventsourcing4j.benchmarks.postgres;

/**
 * One of the two things compared: the event store, or the raw-JDBC baseline. Each
 * operation does the same work on both sides: the same events (ids, types, JSON payload,
 * correlation id, timestamp) into tables with the same columns, read back into objects.
 */
interface Side extends AutoCloseable {

    String name();

    /** A writer that appends to its own stream, from one thread. */
    Writer writer(String stream) throws Exception;

    /** Appends {@code events} events to a new stream, for the load scenario. */
    void populate(String stream, int events) throws Exception;

    /** Loads a whole stream into objects; returns how many events it read. */
    int load(String stream) throws Exception;

    /** Reads the whole global log in pages of {@code pageSize}; returns how many events it read. */
    long readLog(int pageSize) throws Exception;

    @Override
    default void close() throws Exception {
    }

    /** Appends to one stream, each call one transaction. */
    interface Writer extends AutoCloseable {
        /** Appends {@code count} events in one transaction. */
        void append(int count) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}

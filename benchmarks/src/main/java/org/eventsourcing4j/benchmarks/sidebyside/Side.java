package org.eventsourcing4j.benchmarks.sidebyside;

/**
 * One of the two things compared: the event store through its public API, or the raw-JDBC
 * baseline. Both do the same job in each operation: the same payloads written, every
 * payload read decoded into the same record.
 *
 * <p>A side has three logs, so that what one scenario prepares does not change what another
 * reads: the main log (writes, stream loads), the log that scenario E reads, and the log of
 * the bank's account events that the projections catch up on.
 */
public interface Side extends AutoCloseable {

    String name();

    /** A writer appending to {@code stream} of the main log, used from one thread. */
    Writer writer(String stream) throws Exception;

    /** Writes a new stream of {@code events} events to the main log, in batches of 1,000 (untimed). */
    void prepareStream(String stream, int events) throws Exception;

    /** Loads a whole stream of the main log, decoding every payload; returns how many events it read. */
    int load(String stream) throws Exception;

    /** Fills the log of scenario E with {@code events} events (untimed). */
    void prepareLog(int events) throws Exception;

    /** Reads the first {@code events} events of the log of scenario E from its start, in pages of 1,000, decoding each. */
    long readLog(long events) throws Exception;

    /** Fills the projection log with the bank's events: accounts of 1,000 events, each opened then deposited to (untimed). */
    void prepareAccounts(int events) throws Exception;

    /** Empties both projections' read models and forgets their checkpoints (untimed). */
    void resetProjections() throws Exception;

    /**
     * Catches the exactly-once projection up from the start of the projection log to its end:
     * the bank's account read model, updated with each page's checkpoint in one transaction.
     *
     * @return how many events it processed
     */
    long projectExactlyOnce() throws Exception;

    /**
     * Catches the at-least-once projection up from the start of the projection log to its
     * end: a handler that only decodes each event, a checkpoint per page.
     *
     * @return how many events it processed
     */
    long projectAtLeastOnce() throws Exception;

    /** Appends to one stream, one transaction per call. */
    interface Writer extends AutoCloseable {
        /**
         * Appends {@code count} events in one transaction, at the version after the one the
         * writer knows. When another writer got there first it reloads the stream's version
         * and tries again, until it succeeds.
         *
         * @return how many conflicts it met on the way
         */
        int append(int count) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}

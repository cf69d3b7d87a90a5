package org.eventsourcing4j.store;

/**
 * Reads the global log: every event of every stream in one total order that every reader
 * sees identically, each stream's events in version order within it. A reader that pages
 * forward from any position never skips a committed event, even when transactions commit
 * out of order.
 */
public interface GlobalLogReader {

    /**
     * At most {@code limit} events after {@code after} that match {@code filter}, in log order.
     *
     * @param limit 1..{@link Limits#MAX_PAGE_SIZE}
     */
    LogPage readAll(LogPosition after, int limit, EventFilter filter);

    /** Every event after {@code after}, at most {@code limit}. */
    default LogPage readAll(LogPosition after, int limit) {
        return readAll(after, limit, EventFilter.all());
    }

    /** The position of the last event a reader can currently see; {@link LogPosition#START} when none. */
    LogPosition headPosition();
}

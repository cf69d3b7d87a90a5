package org.eventsourcing4j.store;

import java.util.List;

/** The write side of an event store. */
public interface EventWriter {

    /**
     * Appends the batch to its stream atomically: all events or none, at consecutive
     * versions after the stream's current one, if the current version satisfies the
     * batch's expected version.
     *
     * <p>Idempotent: if every event id of the batch is already stored, in this stream, at
     * consecutive versions that agree with the expected version, with the same content, the
     * append succeeds without writing and returns the original result.
     *
     * @throws ConcurrencyConflictException the stream's version did not satisfy the expectation
     * @throws DuplicateEventIdException    an event id is stored but this is not an exact retry
     * @throws StoreUnavailableException    the store could not be reached; retry with the same ids
     * @throws StorageException             the store cannot write (disk full, read-only, ...)
     */
    AppendResult append(AppendBatch batch);

    /** Shorthand for {@link #append(AppendBatch)}; validates the arguments the same way. */
    default AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events) {
        return append(new AppendBatch(stream, expected, events));
    }

    /** Shorthand for {@link #append(AppendBatch)}; validates the arguments the same way. */
    default AppendResult append(StreamId stream, ExpectedVersion expected, EventData... events) {
        return append(AppendBatch.of(stream, expected, events));
    }
}

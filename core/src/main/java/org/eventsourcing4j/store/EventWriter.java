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

    /**
     * Appends several batches, each to its own stream under its own expected version,
     * atomically: every batch is written or none is. Use it for an invariant that spans
     * streams (a transfer between two accounts).
     *
     * <p>The batches are validated by {@link AtomicAppend#of}: at least one, each stream at
     * most once, no event id in two batches, at most {@link Limits#MAX_BATCH_SIZE} events in
     * all. In the global log each stream's events keep their version order and each batch's
     * events are in batch order; the store may order the batches among themselves (the SQL
     * stores write them in {@link StreamId#compareTo} order, the order in which they lock).
     *
     * <p>Idempotent as a whole: if every event of every batch is stored already, as an exact
     * retry of each batch, the call writes nothing and returns the original results. Some
     * batches stored and others not is not a retry ({@link DuplicateEventIdException}).
     *
     * @return one result per batch, in the order of {@code batches}
     * @throws MultiStreamConflictException some streams' versions did not satisfy their
     *                                      expectations; it names every such stream it found,
     *                                      with expected and actual versions; nothing was written
     * @throws DuplicateEventIdException    an event id is stored but this is not an exact retry
     * @throws StoreUnavailableException    the store could not be reached; retry with the same ids
     * @throws StorageException             the store cannot write
     */
    List<AppendResult> appendAll(List<AppendBatch> batches);

    /** Shorthand for {@link #appendAll(List)}. */
    default List<AppendResult> appendAll(AppendBatch... batches) {
        if (batches == null) {
            throw new InvalidArgumentException("batches", "must not be null");
        }
        return appendAll(java.util.Arrays.asList(batches));
    }

    /** Shorthand for {@link #append(AppendBatch)}; validates the arguments the same way. */
    default AppendResult append(StreamId stream, ExpectedVersion expected, List<EventData> events) {
        return append(new AppendBatch(stream, expected, events));
    }

    /** Shorthand for {@link #append(AppendBatch)}; validates the arguments the same way. */
    default AppendResult append(StreamId stream, ExpectedVersion expected, EventData... events) {
        return append(AppendBatch.of(stream, expected, events));
    }
}

package org.eventsourcing4j.store;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** Reads streams, and single events by id. */
public interface StreamReader {

    /**
     * The stream's events that match the query, in version order. The result is lazy —
     * memory stays bounded however long the stream is — and holds resources (a database
     * connection) until closed: use try-with-resources.
     *
     * <p>A stream with no events reads as empty. The result shows the stream as it was
     * when the read began or later, never a partly written batch.
     */
    Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query);

    /** Every event of the stream; see {@link #readStream(StreamId, StreamQuery)}. */
    default Stream<RecordedEvent> readStream(StreamId stream) {
        return readStream(stream, StreamQuery.all());
    }

    /** The version of the stream's last event; 0 when it has none. */
    long currentVersion(StreamId stream);

    /** The stored event with this id, in whichever stream; empty when no event has it. */
    Optional<RecordedEvent> readEvent(UUID eventId);

    /**
     * Waits until this store's reads show every append that had returned, in any process, when
     * the call began: read your writes for a store that reads from a replica, which replays the
     * primary's commits a little later. A store that reads where it writes has nothing to wait
     * for and returns false at once (the default).
     *
     * @return true when reads come from a replica, which has now caught up (or, where the store
     *         is so configured, is down and reads go to the primary); false when reads never lag
     * @throws ReplicaLagException       when the replica has not caught up within {@code timeout}; retryable
     * @throws StoreUnavailableException when the replica or the primary cannot be reached; retryable
     */
    default boolean awaitReplication(Duration timeout) {
        return false;
    }
}

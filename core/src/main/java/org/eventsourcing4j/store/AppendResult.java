package org.eventsourcing4j.store;

import java.time.Instant;

/**
 * What an append did.
 *
 * @param streamVersion the stream's version after the batch: the version of its last event
 * @param lastPosition  the global-log position of the batch's last event; wait for a
 *                      projection to reach it to read your own writes
 * @param recordedAt    when the store recorded the batch (every event of a batch has the
 *                      same recorded-at time); for an idempotent retry, the original time
 */
public record AppendResult(long streamVersion, LogPosition lastPosition, Instant recordedAt) {
    public AppendResult {
        if (streamVersion < 1) {
            throw new InvalidArgumentException("stream version", "must be at least 1, got " + streamVersion);
        }
        if (lastPosition == null) {
            throw new InvalidArgumentException("last position", "must not be null");
        }
        if (recordedAt == null) {
            throw new InvalidArgumentException("recorded at", "must not be null");
        }
    }

    /** The plain numeric global position of the batch's last event. */
    public long position() {
        return lastPosition.position();
    }
}

package org.eventsourcing4j.store;

/**
 * What an append did.
 *
 * @param streamVersion the stream's version after the batch: the version of its last event
 * @param lastPosition  the global-log position of the batch's last event; wait for a
 *                      projection to reach it to read your own writes
 */
public record AppendResult(long streamVersion, LogPosition lastPosition) {
    public AppendResult {
        if (streamVersion < 1) {
            throw new IllegalArgumentException("stream version must be at least 1, got " + streamVersion);
        }
        if (lastPosition == null) {
            throw new IllegalArgumentException("last position must not be null");
        }
    }

    /** The plain numeric global position of the batch's last event. */
    public long position() {
        return lastPosition.position();
    }
}

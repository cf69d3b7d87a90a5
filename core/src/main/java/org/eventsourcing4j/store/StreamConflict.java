package org.eventsourcing4j.store;

/**
 * One stream of a refused {@link EventWriter#appendAll(java.util.List)}: what the batch
 * expected and the version the stream had.
 */
public record StreamConflict(StreamId stream, ExpectedVersion expected, long actualVersion) {
    public StreamConflict {
        if (stream == null) {
            throw new InvalidArgumentException("stream id", "must not be null");
        }
        if (expected == null) {
            throw new InvalidArgumentException("expected version", "must not be null");
        }
        if (actualVersion < 0) {
            throw new InvalidArgumentException("actual version", "must not be negative, got " + actualVersion);
        }
    }

    @Override
    public String toString() {
        return "'" + stream.value() + "': expected " + expected + ", actual version " + actualVersion;
    }
}

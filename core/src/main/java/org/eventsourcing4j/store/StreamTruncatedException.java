package org.eventsourcing4j.store;

/**
 * A read (or time travel) asked for versions below the ones a truncated stream still holds,
 * or an append (such as a retry of an append whose events were truncated since) would have
 * written below them. Read from {@link #firstVersion()} instead, from a snapshot at
 * {@code firstVersion() - 1} or later. Not retryable.
 */
public class StreamTruncatedException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final StreamId stream;
    private final long firstVersion;
    private final long requestedVersion;

    public StreamTruncatedException(StreamId stream, long firstVersion, long requestedVersion) {
        super("stream '" + stream.value() + "' was truncated: it starts at version " + firstVersion
                + ", version " + requestedVersion + " is gone");
        this.stream = stream;
        this.firstVersion = firstVersion;
        this.requestedVersion = requestedVersion;
    }

    public StreamId stream() {
        return stream;
    }

    /** The lowest version the stream still holds. */
    public long firstVersion() {
        return firstVersion;
    }

    /** The version that was asked for. */
    public long requestedVersion() {
        return requestedVersion;
    }
}

package org.eventsourcing4j.store;

/**
 * An append was refused because the stream's current version did not satisfy the
 * {@link ExpectedVersion}. Nothing of the batch was written. Retryable: reload the
 * stream, decide again, append again.
 */
public class ConcurrencyConflictException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final StreamId stream;
    private final ExpectedVersion expected;
    private final long actualVersion;

    public ConcurrencyConflictException(StreamId stream, ExpectedVersion expected, long actualVersion) {
        this(stream, expected, actualVersion, null);
    }

    public ConcurrencyConflictException(StreamId stream, ExpectedVersion expected, long actualVersion, String detail) {
        super("concurrency conflict on stream '" + stream.value() + "': expected " + expected
                + ", actual version " + actualVersion + (detail == null ? "" : " (" + detail + ")"));
        this.stream = stream;
        this.expected = expected;
        this.actualVersion = actualVersion;
    }

    /** For subclasses that word their own message. */
    protected ConcurrencyConflictException(String message, StreamId stream, ExpectedVersion expected,
                                           long actualVersion) {
        super(message);
        this.stream = stream;
        this.expected = expected;
        this.actualVersion = actualVersion;
    }

    public StreamId stream() {
        return stream;
    }

    public ExpectedVersion expected() {
        return expected;
    }

    /** The stream's version when the append was refused (0 when it had no events). */
    public long actualVersion() {
        return actualVersion;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}

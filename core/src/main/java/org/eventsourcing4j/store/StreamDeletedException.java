package org.eventsourcing4j.store;

/**
 * The stream was deleted ({@link StreamLifecycle#softDelete}) or erased
 * ({@link StreamLifecycle#hardDelete}): reads and appends are refused. Not retryable.
 */
public class StreamDeletedException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final StreamId stream;
    private final boolean erased;

    public StreamDeletedException(StreamId stream, boolean erased) {
        super("stream '" + stream.value() + "' was " + (erased ? "erased (hard-deleted)" : "deleted")
                + "; its name cannot be used again");
        this.stream = stream;
        this.erased = erased;
    }

    public StreamId stream() {
        return stream;
    }

    /** Whether it was hard-deleted (its events are gone) rather than tombstoned. */
    public boolean erased() {
        return erased;
    }
}

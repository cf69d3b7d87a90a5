package org.eventsourcing4j.store;

/**
 * An append to an archived stream was refused: {@link StreamLifecycle#restore} it first.
 * Reads of an archived stream are answered from the archive. Not retryable.
 */
public class StreamArchivedException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final StreamId stream;

    public StreamArchivedException(StreamId stream) {
        super("stream '" + stream.value() + "' is archived; restore it before appending to it");
        this.stream = stream;
    }

    public StreamId stream() {
        return stream;
    }
}

package org.eventsourcing4j.serialization;

import org.eventsourcing4j.store.StreamId;

/**
 * A stored event could not be read back as a domain event: malformed or unexpected JSON,
 * a revision with no way to the current one, or a class the reader did not expect. Names
 * the stored event (stream, version, type, revision) so it can be found and fixed.
 * Loading stops here: an event is never silently dropped.
 */
public class EventDecodingException extends EventSerializationException {
    private static final long serialVersionUID = 1L;

    private final StreamId stream;
    private final long version;
    private final String type;
    private final int revision;

    public EventDecodingException(StreamId stream, long version, String type, int revision, String problem,
            Throwable cause) {
        super("cannot read event " + type + " r" + revision + " at version " + version + " of stream '"
                + stream.value() + "': " + problem, cause);
        this.stream = stream;
        this.version = version;
        this.type = type;
        this.revision = revision;
    }

    public StreamId stream() {
        return stream;
    }

    public long version() {
        return version;
    }

    /** The type name as stored. */
    public String type() {
        return type;
    }

    /** The schema revision as stored. */
    public int revision() {
        return revision;
    }
}

package org.eventsourcing4j.serialization;

import org.eventsourcing4j.store.StreamId;

/** An upcaster threw, or returned something that is not a step forward. Names the upcaster and the stored event. */
public class UpcastingException extends EventDecodingException {
    private static final long serialVersionUID = 1L;

    private final String upcaster;

    public UpcastingException(StreamId stream, long version, String type, int revision, String upcaster,
            String problem, Throwable cause) {
        super(stream, version, type, revision, "upcaster '" + upcaster + "' " + problem, cause);
        this.upcaster = upcaster;
    }

    /** The failing upcaster's name. */
    public String upcaster() {
        return upcaster;
    }
}

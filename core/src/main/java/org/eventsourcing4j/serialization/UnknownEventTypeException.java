package org.eventsourcing4j.serialization;

import org.eventsourcing4j.store.StreamId;

/**
 * A stored event's type name (after upcasting) is not in the {@link EventTypeRegistry}.
 * Register the type, or an upcaster that renames it.
 */
public class UnknownEventTypeException extends EventDecodingException {
    private static final long serialVersionUID = 1L;

    private final String unknownType;

    public UnknownEventTypeException(StreamId stream, long version, String storedType, int storedRevision,
            String unknownType) {
        super(stream, version, storedType, storedRevision,
                storedType.equals(unknownType)
                        ? "type '" + unknownType + "' is not registered"
                        : "upcasting led to type '" + unknownType + "', which is not registered",
                null);
        this.unknownType = unknownType;
    }

    /** The type name that has no registration: the stored one, or one an upcaster produced. */
    public String unknownType() {
        return unknownType;
    }
}

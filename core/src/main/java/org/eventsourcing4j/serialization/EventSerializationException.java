package org.eventsourcing4j.serialization;

import org.eventsourcing4j.store.EventSourcingException;

/**
 * A domain event could not be turned into stored JSON or back. Not retryable: the same
 * event or the same stored bytes fail the same way until the code or registry changes.
 */
public class EventSerializationException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    public EventSerializationException(String message) {
        super(message);
    }

    public EventSerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}

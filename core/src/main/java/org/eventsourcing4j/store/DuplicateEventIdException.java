package org.eventsourcing4j.store;

import java.util.UUID;

/**
 * An append carried an event id that is already stored, but it is not an exact retry of
 * the stored batch: the content differs, the id sits in another stream or at another
 * version, or only part of the batch was stored before. Nothing was written.
 */
public class DuplicateEventIdException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final UUID eventId;

    public DuplicateEventIdException(UUID eventId, String reason) {
        super("event id " + eventId + " is already stored: " + reason);
        this.eventId = eventId;
    }

    public UUID eventId() {
        return eventId;
    }
}

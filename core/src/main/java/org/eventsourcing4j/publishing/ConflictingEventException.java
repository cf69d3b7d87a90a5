package org.eventsourcing4j.publishing;

import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * A consumed event claims a stream version that another event, already applied, has: two
 * logs publish into the same topic or subject, or a stream was deleted and written again.
 * Not retryable; nothing of the event was applied.
 */
public class ConflictingEventException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    public ConflictingEventException(RecordedEvent event, DeliveryLedger.Applied applied) {
        super("event " + event.eventId() + " is at " + event.streamId() + "@" + event.version()
                + ", where event " + applied.eventId() + " was already applied");
    }
}

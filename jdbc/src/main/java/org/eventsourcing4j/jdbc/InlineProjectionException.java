package org.eventsourcing4j.jdbc;

import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.RecordedEvent;

/** An inline projection failed on an event being appended; the append was rolled back, nothing was stored. */
public class InlineProjectionException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final String projection;

    public InlineProjectionException(String projection, RecordedEvent event, Throwable cause) {
        super("inline projection '" + projection + "' failed on " + event.type() + " at " + event.streamId() + "@"
                + event.version() + "; the append was rolled back: " + cause, cause);
        this.projection = projection;
    }

    public String projection() {
        return projection;
    }
}

package org.eventsourcing4j.publishing;

import org.eventsourcing4j.store.EventSourcingException;

/**
 * The broker (or its client) refused one message and will refuse it again: larger than
 * the broker accepts, not authorized for its topic or subject, a subject no stream
 * captures. Not retryable: the publisher's {@link org.eventsourcing4j.projection.FailurePolicy}
 * decides (stop, the default; park; skip).
 */
public class MessageRejectedException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    public MessageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.eventsourcing4j.publishing;

import org.eventsourcing4j.store.EventSourcingException;

/**
 * A consumed message does not carry a valid event envelope: a header is missing or does
 * not parse. It was not written by an eventsourcing4j publisher (or by an incompatible
 * version). Not retryable.
 */
public class MalformedMessageException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}

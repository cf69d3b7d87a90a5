package org.eventsourcing4j.store;

/**
 * Root of every exception eventsourcing4j throws. All are unchecked.
 *
 * <p>{@link #isRetryable()} tells a caller whether running the same operation again may
 * succeed (a concurrency conflict, a database that is briefly unavailable) or never will
 * (invalid input, a duplicate event id with different content).
 */
public class EventSourcingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EventSourcingException(String message) {
        super(message);
    }

    public EventSourcingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same operation may succeed if it is run again. */
    public boolean isRetryable() {
        return false;
    }
}

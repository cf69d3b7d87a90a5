package org.eventsourcing4j.store;

/**
 * An argument was rejected before anything was stored. Names the argument and why.
 * Every store throws this same type for the same bad input, because the checks live in
 * core value types ({@link StreamId}, {@link EventData}, {@link AppendBatch}, ...).
 */
public class InvalidArgumentException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final String argument;
    private final String reason;

    public InvalidArgumentException(String argument, String reason) {
        super("invalid " + argument + ": " + reason);
        this.argument = argument;
        this.reason = reason;
    }

    /** The name of the rejected argument, e.g. {@code "stream id"}. */
    public String argument() {
        return argument;
    }

    /** Why it was rejected, e.g. {@code "must not be blank"}. */
    public String reason() {
        return reason;
    }
}

package org.eventsourcing4j.aggregate;

import org.eventsourcing4j.store.EventSourcingException;

/**
 * A command named the version it expected its aggregate at ({@link CommandOptions#precondition()})
 * and the aggregate was at another one; nothing was written. Not retryable as it is: the
 * caller decided on a state that is gone, and must read the new one first.
 */
public class PreconditionFailedException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final String aggregateId;
    private final transient VersionPrecondition expected;
    private final long actualVersion;

    public PreconditionFailedException(String aggregateId, VersionPrecondition expected, long actualVersion) {
        super("aggregate '" + aggregateId + "' is at version " + actualVersion + ", not " + expected
                + "; nothing was changed", null);
        this.aggregateId = aggregateId;
        this.expected = expected;
        this.actualVersion = actualVersion;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public VersionPrecondition expected() {
        return expected;
    }

    public long actualVersion() {
        return actualVersion;
    }
}

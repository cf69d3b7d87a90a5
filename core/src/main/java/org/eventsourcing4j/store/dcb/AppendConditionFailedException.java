package org.eventsourcing4j.store.dcb;

import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.LogPosition;

/**
 * A conditional append was refused: an event matching the condition's query was appended
 * after the condition's position. Nothing was written. Retryable: read again, decide
 * again, append with the new position.
 */
public class AppendConditionFailedException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final transient AppendCondition condition;
    private final transient LogPosition conflicting;

    public AppendConditionFailedException(AppendCondition condition, LogPosition conflicting) {
        super("append condition failed: an event matching " + condition.failIfEventsMatch() + " was appended at "
                + conflicting + ", after " + condition.after());
        this.condition = condition;
        this.conflicting = conflicting;
    }

    public AppendCondition condition() {
        return condition;
    }

    /** The position of a matching event after the condition's position. */
    public LogPosition conflictingPosition() {
        return conflicting;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }

}

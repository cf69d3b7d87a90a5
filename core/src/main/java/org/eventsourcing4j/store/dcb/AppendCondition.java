package org.eventsourcing4j.store.dcb;

import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;

/**
 * The condition of a decision's append: no event matching {@link #failIfEventsMatch()} may
 * exist after {@link #after()} in the global log. {@code after} is the position the
 * decision read up to ({@link Decision#position()}); {@link LogPosition#START} means no
 * matching event may exist at all.
 */
public record AppendCondition(EventQuery failIfEventsMatch, LogPosition after) {
    public AppendCondition {
        if (failIfEventsMatch == null) {
            throw new InvalidArgumentException("condition query", "must not be null");
        }
        if (after == null) {
            throw new InvalidArgumentException("condition position", "must not be null (use LogPosition.START)");
        }
    }
}

package org.eventsourcing4j.store.dcb;

import java.util.List;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * What a decision read: the events matching its query, and the position to append after.
 *
 * @param position the position the read was consistent up to: the head of the log when it
 *                 read (not only the last matching event), so that the condition is checked
 *                 over exactly what the decision did not see
 */
public record Decision(EventQuery query, List<RecordedEvent> events, LogPosition position) {
    public Decision {
        events = List.copyOf(events);
    }

    /** The condition for an append based on this decision. */
    public AppendCondition condition() {
        return new AppendCondition(query, position);
    }
}

package org.eventsourcing4j.projection;

import java.util.List;
import java.util.UUID;

/** Where projections park events they cannot handle ({@link FailurePolicy#PARK}). */
public interface DeadLetterStore {

    /** Parks an event; parking the same event of the same projection again replaces the entry. */
    void park(ParkedEvent parked);

    /** The parked events of a projection, in log order. */
    List<ParkedEvent> list(String projection);

    /** Removes an entry, e.g. after a successful replay or when an operator skips it; false when it was not parked. */
    boolean remove(String projection, UUID eventId);
}

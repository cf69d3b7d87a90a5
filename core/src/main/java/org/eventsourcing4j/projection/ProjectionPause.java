package org.eventsourcing4j.projection;

import java.time.Instant;
import org.eventsourcing4j.support.Checks;

/** A projection an operator paused: who, and when. */
public record ProjectionPause(String projection, String pausedBy, Instant pausedAt) {
    public ProjectionPause {
        Checks.notNull(projection, "projection");
        Checks.notNull(pausedBy, "paused by");
        Checks.notNull(pausedAt, "paused at");
    }
}

package org.eventsourcing4j.projection;

import java.time.Instant;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.RecordedEvent;

/** An event a projection gave up on, with why and when. */
public record ParkedEvent(String projection, RecordedEvent event, String error, int attempts, Instant parkedAt) {
    public ParkedEvent {
        if (projection == null || event == null || error == null || parkedAt == null) {
            throw new InvalidArgumentException("parked event", "must not contain nulls");
        }
        if (attempts < 0) {
            throw new InvalidArgumentException("attempts", "must not be negative, got " + attempts);
        }
        // Stores keep microseconds since 1970; a clock far off is kept at the nearest time they can hold.
        parkedAt = Limits.clampRecordedAt(parkedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }
}

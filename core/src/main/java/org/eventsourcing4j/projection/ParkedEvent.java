package org.eventsourcing4j.projection;

import java.time.Instant;
import org.eventsourcing4j.store.RecordedEvent;

/** An event a projection gave up on, with why and when. */
public record ParkedEvent(String projection, RecordedEvent event, String error, int attempts, Instant parkedAt) {
}

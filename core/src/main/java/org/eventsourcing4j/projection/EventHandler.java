package org.eventsourcing4j.projection;

import org.eventsourcing4j.store.RecordedEvent;

/**
 * Applies one stored event to a read model. It may ignore event types it does not handle.
 * An exception makes the runner retry the event and then apply its {@link FailurePolicy};
 * a retryable {@code EventSourcingException} (the read model's database is unavailable) is
 * retried without limit and never counts against the event.
 * With at-least-once delivery it may see an event twice: use {@link RecordedEvent#eventId()}
 * to make it idempotent.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(RecordedEvent event);
}

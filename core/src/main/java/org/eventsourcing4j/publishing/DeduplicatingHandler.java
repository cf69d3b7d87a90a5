package org.eventsourcing4j.publishing;

import org.eventsourcing4j.projection.EventHandler;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;

/**
 * Feeds consumed events to a handler once each. A message that a publisher sent again
 * (after a crash, a broker error) carries the same event id and stream version: an event
 * at or below the stream's last applied version is a duplicate and is dropped. The handler
 * runs before the ledger records the event, so a crash between the two applies it again:
 * make the handler idempotent, or use {@code JdbcDeliveryLedger#sink}, which commits both
 * in one transaction.
 */
public final class DeduplicatingHandler implements ConsumedEventSink {
    private final String consumer;
    private final EventHandler handler;
    private final DeliveryLedger ledger;

    /** @param consumer the ledger's key for this read model */
    public DeduplicatingHandler(String consumer, EventHandler handler, DeliveryLedger ledger) {
        this.consumer = Text.identifier(consumer, "consumer name", 200);
        this.handler = Checks.notNull(handler, "handler");
        this.ledger = Checks.notNull(ledger, "ledger");
    }

    /**
     * Applies {@code event} unless it was applied before.
     *
     * @return false for a duplicate
     * @throws ConflictingEventException another event was applied at the same stream version
     * @throws RuntimeException          what the handler threw; the event is not recorded
     */
    @Override
    public boolean accept(RecordedEvent event) {
        if (isDuplicate(ledger.last(consumer, event.streamId()), event)) {
            return false;
        }
        handler.handle(event);
        ledger.record(consumer, event);
        return true;
    }

    /** Whether {@code event} was applied already, given the stream's last applied event (null when none). */
    public static boolean isDuplicate(DeliveryLedger.Applied last, RecordedEvent event) {
        if (last == null || event.version() > last.version()) {
            return false;
        }
        if (event.version() == last.version() && !event.eventId().equals(last.eventId())) {
            throw new ConflictingEventException(event, last);
        }
        return true;
    }

    public String consumer() {
        return consumer;
    }
}

package org.eventsourcing4j.publishing;

import org.eventsourcing4j.store.RecordedEvent;

/**
 * Where an {@link EventConsumer} hands the events it reads from a broker, in broker order.
 * {@link DeduplicatingHandler} is the usual one; {@code JdbcDeliveryLedger#sink} applies
 * each event and records it in one database transaction.
 */
@FunctionalInterface
public interface ConsumedEventSink {

    /**
     * @return true when the event was applied, false when it was a duplicate and dropped
     * @throws RuntimeException the event could not be applied; the consumer stops before
     *                          confirming it to the broker, so a restart delivers it again
     *                          (a retryable {@code EventSourcingException}: it retries)
     */
    boolean accept(RecordedEvent event);
}

package org.eventsourcing4j.publishing;

import java.util.concurrent.CompletableFuture;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Sends events to one broker for an {@link EventPublisher}: the broker-specific half of a
 * publisher (the Kafka and NATS modules implement it). Called by one thread at a time (the
 * publisher's, or one replaying parked events).
 *
 * <p>The contract that keeps each stream's order across failures: sends reach the broker in
 * call order, and once one send has failed the sender sends nothing more until
 * {@link #reset()} (the Kafka sender closes its producer from the failure callback, the
 * NATS sender its connection), so no event is stored after an earlier one that was lost.
 */
public interface MessageSender extends AutoCloseable {

    /**
     * Starts sending one event. The future completes when the broker has stored it as
     * durably as configured, exceptionally when it did not. A send that cannot start (the
     * message is too large for the client) throws or returns a failed future.
     */
    CompletableFuture<?> send(RecordedEvent event);

    /**
     * What a failed send means: a retryable {@link BrokerUnavailableException} when trying
     * again may succeed (broker down, timeout, leader moving), a {@link MessageRejectedException}
     * when the broker refuses this message and always will (too large, not authorized).
     */
    EventSourcingException classify(Throwable failure, RecordedEvent event);

    /** Drops whatever a failed send left in flight; the next send starts on a fresh producer or connection. */
    void reset();

    /** A description of the destination for logs and health, e.g. {@code "kafka 127.0.0.1:9092"}. */
    String describe();

    @Override
    void close();
}

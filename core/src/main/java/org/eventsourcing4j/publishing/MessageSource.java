package org.eventsourcing4j.publishing;

import java.time.Duration;

/**
 * Reads published events from one broker for an {@link EventConsumer}: the broker-specific
 * half of a consumer (a Kafka consumer group, a JetStream durable consumer). Called from
 * the consumer's thread only, except {@link #wakeup()}.
 */
public interface MessageSource extends AutoCloseable {

    /**
     * Waits up to {@code timeout} for messages and hands each one's event to {@code sink}, in
     * broker order; confirms them to the broker (commits offsets, acks) only after the sink
     * accepted them. When the sink throws, confirms what it accepted before and rethrows.
     *
     * @throws BrokerUnavailableException the broker cannot be reached; the consumer retries
     * @throws MalformedMessageException  a message carries no event envelope
     * @throws RuntimeException           what the sink threw, unchanged
     */
    void poll(Duration timeout, ConsumedEventSink sink);

    /** Ends a {@link #poll} that is waiting, from another thread. */
    void wakeup();

    String describe();

    @Override
    void close();
}

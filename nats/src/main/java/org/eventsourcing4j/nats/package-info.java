/**
 * Publishing the global log to NATS JetStream and consuming it back: {@link
 * org.eventsourcing4j.nats.NatsPublisher} makes an
 * {@link org.eventsourcing4j.publishing.EventPublisher} whose messages carry
 * {@code Nats-Msg-Id} = event id, {@link org.eventsourcing4j.nats.NatsEventSource} feeds a
 * durable JetStream consumer into an {@link org.eventsourcing4j.publishing.EventConsumer}.
 * See {@code docs/brokers.md}.
 */
package org.eventsourcing4j.nats;

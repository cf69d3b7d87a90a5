/**
 * Publishing the global log to Apache Kafka and consuming it back: {@link
 * org.eventsourcing4j.kafka.KafkaPublisher} makes an
 * {@link org.eventsourcing4j.publishing.EventPublisher} with an idempotent producer,
 * {@link org.eventsourcing4j.kafka.KafkaEventSource} feeds a topic into an
 * {@link org.eventsourcing4j.publishing.EventConsumer}. See {@code docs/brokers.md}.
 */
package org.eventsourcing4j.kafka;

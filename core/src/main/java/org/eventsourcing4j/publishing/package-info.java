/**
 * Publishing the global log to a message broker and consuming it back: the broker-neutral
 * half of the {@code eventsourcing4j-kafka} and {@code eventsourcing4j-nats} connectors.
 *
 * <p>An {@link org.eventsourcing4j.publishing.EventPublisher} is a projection whose
 * target is a broker: it follows the log with a
 * {@link org.eventsourcing4j.projection.ProjectionRunner} (checkpoint, lease, failure
 * policy, metrics), sends each page through a {@link org.eventsourcing4j.publishing.MessageSender}
 * and moves the checkpoint only past events the broker acknowledged. Every message carries
 * the whole envelope ({@link org.eventsourcing4j.publishing.EnvelopeHeaders}); a consumer
 * rebuilds the {@link org.eventsourcing4j.store.RecordedEvent} from it and feeds it, without
 * duplicates, to a handler ({@link org.eventsourcing4j.publishing.DeduplicatingHandler}).
 */
package org.eventsourcing4j.publishing;

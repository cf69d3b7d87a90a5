package org.eventsourcing4j.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eventsourcing4j.publishing.BrokerUnavailableException;
import org.eventsourcing4j.publishing.MessageRejectedException;
import org.eventsourcing4j.publishing.MessageSender;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Sends through one idempotent producer at a time. The first failed send closes the
 * producer at once, from the producer's own callback thread ({@code close(0)} is what
 * Kafka allows there): the I/O thread then sends nothing more, and records still in flight
 * with later sequence numbers are refused by the broker, so nothing is stored after a
 * record that was lost. {@link #reset()} drops the closed producer; the next send opens a
 * new one.
 */
final class KafkaSender implements MessageSender {
    private final String bootstrapServers;
    private final TopicChoice topics;
    private final Map<String, Object> config;
    private Session session;

    /** One producer, and whether one of its sends failed (set from its callback thread). */
    private static final class Session {
        final Producer<String, byte[]> producer;
        volatile boolean broken;

        Session(Producer<String, byte[]> producer) {
            this.producer = producer;
        }

        void fail() {
            if (!broken) {
                broken = true;
                producer.close(Duration.ZERO);
            }
        }
    }

    KafkaSender(String bootstrapServers, TopicChoice topics, Map<String, Object> config) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.config = Map.copyOf(config);
    }

    @Override
    public CompletableFuture<?> send(RecordedEvent event) {
        if (session == null) {
            session = new Session(new KafkaProducer<>(config));
        }
        Session current = session;
        if (current.broken) {
            return CompletableFuture.failedFuture(
                    new BrokerUnavailableException("the producer was closed after an earlier failure", null));
        }
        CompletableFuture<Void> ack = new CompletableFuture<>();
        current.producer.send(KafkaRecords.record(topics.topicFor(event), event), (metadata, error) -> {
            if (error == null) {
                ack.complete(null);
                return;
            }
            current.fail();
            ack.completeExceptionally(error);
        });
        return ack;
    }

    @Override
    public EventSourcingException classify(Throwable failure, RecordedEvent event) {
        String what = "kafka refused event " + event.eventId() + " for topic '" + topics.topicFor(event) + "': ";
        if (failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidTopicException || failure instanceof AuthorizationException
                || failure instanceof SerializationException) {
            return new MessageRejectedException(what + failure.getMessage(), failure);
        }
        if (failure instanceof EventSourcingException known) {
            return known;
        }
        // Everything else (timeouts, leader changes, a closed or fenced producer, errors we do
        // not know) is retried: a stalled publisher shows in its health, a skipped event never would.
        return new BrokerUnavailableException("kafka at " + bootstrapServers + " did not acknowledge event "
                + event.eventId() + ": " + (failure == null ? "unknown" : failure.getClass().getSimpleName()
                + ": " + failure.getMessage()), failure);
    }

    @Override
    public void reset() {
        if (session != null) {
            try {
                session.producer.close(Duration.ZERO);
            } catch (KafkaException e) {
                // Closing a broken producer: what it had in flight is abandoned either way.
            }
            session = null;
        }
    }

    @Override
    public String describe() {
        return "kafka " + bootstrapServers;
    }

    @Override
    public void close() {
        if (session != null) {
            session.producer.close(Duration.ofSeconds(5));
            session = null;
        }
    }
}

package org.eventsourcing4j.nats;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eventsourcing4j.publishing.BrokerUnavailableException;
import org.eventsourcing4j.publishing.MessageRejectedException;
import org.eventsourcing4j.publishing.MessageSender;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.RecordedEvent;

/** Publishes asynchronously on one connection at a time; {@link #reset()} closes it, the next send opens another. */
final class NatsSender implements MessageSender {
    private final String servers;
    private final SubjectChoice subjects;
    private final Options options;
    private final Duration ackTimeout;
    private Connection connection;
    private JetStream jetStream;

    NatsSender(String servers, SubjectChoice subjects, Options options, Duration ackTimeout) {
        this.servers = servers;
        this.subjects = subjects;
        this.options = options;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public CompletableFuture<?> send(RecordedEvent event) {
        if (connection == null) {
            try {
                connection = Nats.connect(options);
                jetStream = connection.jetStream(JetStreamOptions.builder().requestTimeout(ackTimeout).build());
            } catch (IOException e) {
                throw new BrokerUnavailableException("cannot connect to nats at " + servers + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerUnavailableException("interrupted while connecting to nats at " + servers, e);
            }
        }
        String id = event.eventId().toString();
        return jetStream.publishAsync(subjects.subjectFor(event), NatsMessages.headers(event), event.data(),
                PublishOptions.builder().messageId(id).build());
    }

    @Override
    public EventSourcingException classify(Throwable failure, RecordedEvent event) {
        String what = "event " + event.eventId() + " on subject '" + subjects.subjectFor(event) + "'";
        JetStreamApiException refusal = find(failure, JetStreamApiException.class);
        if (refusal != null) {
            // JetStream answered, and refused: message larger than the stream allows, stream full
            // with discard-new, a wrong expectation. Sending it again gets the same answer.
            return new MessageRejectedException("jetstream refused " + what + ": " + refusal.getMessage(), refusal);
        }
        if (failure instanceof IllegalArgumentException tooLarge) {
            return new MessageRejectedException("nats client refused " + what + ": " + tooLarge.getMessage(), tooLarge);
        }
        if (failure instanceof EventSourcingException known) {
            return known;
        }
        // Timeouts, a closed connection, no responders (no stream captures the subject, or it is
        // being created): retried, and visible in the publisher's health.
        return new BrokerUnavailableException("nats at " + servers + " did not acknowledge " + what + ": "
                + (failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage()),
                failure);
    }

    /** The first {@code type} in the cause chain: jnats wraps JetStream's answers in other exceptions. */
    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @Override
    public void reset() {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection = null;
            jetStream = null;
        }
    }

    @Override
    public String describe() {
        return "nats " + servers;
    }

    @Override
    public void close() {
        reset();
    }
}

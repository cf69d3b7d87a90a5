package org.eventsourcing4j.nats;

import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.eventsourcing4j.publishing.BrokerUnavailableException;
import org.eventsourcing4j.publishing.ConsumedEventSink;
import org.eventsourcing4j.publishing.EventConsumer;
import org.eventsourcing4j.publishing.MessageSource;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Checks;

/**
 * Reads published events from a JetStream stream for an {@link EventConsumer}, through an
 * ordered consumer: messages arrive in stream order without gaps (the client recreates the
 * consumer from the last sequence it saw when one goes missing), which is what
 * de-duplication by stream version needs. Ordered consumers keep no state on the server:
 * the source starts at {@code startSequence}, and {@link #lastSequence()} tells where it
 * got to, for an application that stores it to resume there. Starting from the beginning
 * is always correct (the sink drops what it applied), only slower.
 *
 * <pre>{@code
 * EventConsumer consumer = new EventConsumer(
 *         NatsEventSource.create("nats://nats:4222", "BANK", "bank.>", 1, b -> b),
 *         new DeduplicatingHandler("balances", balances::apply, ledger));
 * consumer.start();
 * }</pre>
 */
public final class NatsEventSource implements MessageSource {
    private static final int MAX_PER_POLL = 500;

    private final Connection connection;
    private final IterableConsumer messages;
    private final String description;
    private volatile long lastSequence;

    private NatsEventSource(Connection connection, IterableConsumer messages, String description, long startSequence) {
        this.connection = connection;
        this.messages = messages;
        this.description = description;
        this.lastSequence = startSequence - 1;
    }

    /**
     * @param stream        the JetStream stream
     * @param filterSubject which of its subjects, e.g. {@code "bank.account.>"}; null for all
     * @param startSequence the stream sequence to start at, 1 for the beginning
     * @param connection    further connection settings (TLS, credentials)
     */
    public static NatsEventSource create(String servers, String stream, String filterSubject, long startSequence,
                                         UnaryOperator<Options.Builder> connection) {
        Checks.notNull(stream, "stream");
        if (startSequence < 1) {
            throw new InvalidArgumentException("start sequence", "must be at least 1, got " + startSequence);
        }
        OrderedConsumerConfiguration config = new OrderedConsumerConfiguration()
                .deliverPolicy(startSequence == 1 ? DeliverPolicy.All : DeliverPolicy.ByStartSequence);
        if (startSequence > 1) {
            config.startSequence(startSequence);
        }
        if (filterSubject != null) {
            config.filterSubject(filterSubject);
        }
        String description = "nats " + servers + " stream " + stream + (filterSubject == null ? "" : " " + filterSubject);
        Connection nats = null;
        try {
            nats = Nats.connect(connection.apply(new Options.Builder().server(servers).maxReconnects(-1)).build());
            IterableConsumer messages = nats.getStreamContext(stream).createOrderedConsumer(config).iterate();
            return new NatsEventSource(nats, messages, description, startSequence);
        } catch (IOException | JetStreamApiException e) {
            closeQuietly(nats);
            throw new BrokerUnavailableException(description + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(nats);
            throw new BrokerUnavailableException(description + ": interrupted", e);
        }
    }

    @Override
    public void poll(Duration timeout, ConsumedEventSink sink) {
        Message message = next(timeout);
        for (int n = 0; message != null; n++) {
            if (message.isJetStream()) {
                sink.accept(NatsMessages.event(message)); // what it throws leaves unchanged
                lastSequence = message.metaData().streamSequence();
            }
            message = n + 1 < MAX_PER_POLL ? next(Duration.ofMillis(1)) : null;
        }
    }

    /** The next message within {@code timeout}, or null; null too when interrupted (the consumer is stopping). */
    private Message next(Duration timeout) {
        try {
            return messages.nextMessage(timeout);
        } catch (JetStreamStatusCheckedException | IllegalStateException e) {
            throw new BrokerUnavailableException(description + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The stream sequence of the last message handed to the sink; {@code startSequence - 1} before the first. */
    public long lastSequence() {
        return lastSequence;
    }

    @Override
    public void wakeup() {
        // poll waits at most its timeout; nothing to interrupt.
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            messages.close();
        } catch (Exception e) {
            // Closing the connection below ends the consumer too.
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.eventsourcing4j.nats;

import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.MessageSource;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.testkit.publishing.BrokerChannel;

/** A JetStream stream of one test, capturing {@code <prefix>.>}, deleted on close; read back in stream order. */
public final class NatsChannel implements BrokerChannel {
    private final String url;
    private final String stream;
    private final String prefix;
    private final boolean owned;

    private NatsChannel(String url, String stream, String prefix, boolean owned) {
        this.url = url;
        this.stream = stream;
        this.prefix = prefix;
        this.owned = owned;
    }

    public static NatsChannel create(String url, String label, int maxMessageBytes) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String stream = "ES4J_" + label.toUpperCase() + "_" + id;
        String prefix = "es4j-" + id;
        StreamConfiguration.Builder config = StreamConfiguration.builder().name(stream).subjects(prefix + ".>")
                .storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2));
        if (maxMessageBytes > 0) {
            config.maximumMessageSize(maxMessageBytes);
        }
        try (Connection connection = Nats.connect(url)) {
            connection.jetStreamManagement().addStream(config.build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create JetStream stream " + stream + " at " + url, e);
        }
        return new NatsChannel(url, stream, prefix, true);
    }

    static NatsChannel at(List<String> address) {
        return new NatsChannel(address.get(0), address.get(1), address.get(2), false);
    }

    @Override
    public EventPublisher publisher(GlobalLogReader log, PublisherOptions options) {
        return NatsPublisher.create(log, NatsPublisherOptions.of(url, prefix, options));
    }

    @Override
    public List<RecordedEvent> readAll(int atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<RecordedEvent> all = new ArrayList<>();
        try (Connection connection = Nats.connect(url);
             IterableConsumer messages = connection.getStreamContext(stream)
                     .createOrderedConsumer(new OrderedConsumerConfiguration()).iterate()) {
            while (true) {
                Message message = messages.nextMessage(Duration.ofMillis(all.size() >= atLeast ? 300 : 100));
                if (message != null) {
                    all.add(NatsMessages.event(message));
                } else if (all.size() >= atLeast || System.nanoTime() > deadline) {
                    return all;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read stream " + stream, e);
        }
    }

    @Override
    public MessageSource source(String group) {
        return NatsEventSource.create(url, stream, prefix + ".>", 1, UnaryOperator.identity());
    }

    @Override
    public List<String> address() {
        return List.of(url, stream, prefix);
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        try (Connection connection = Nats.connect(url)) {
            JetStreamManagement management = connection.jetStreamManagement();
            management.deleteStream(stream);
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete JetStream stream " + stream, e);
        }
    }
}

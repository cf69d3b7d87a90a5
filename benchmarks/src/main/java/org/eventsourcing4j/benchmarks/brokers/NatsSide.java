package org.eventsourcing4j.benchmarks.brokers;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.nats.NatsMessages;
import org.eventsourcing4j.nats.NatsPublisher;
import org.eventsourcing4j.nats.NatsPublisherOptions;
import org.eventsourcing4j.nats.SubjectChoice;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.RecordedEvent;

/** NATS JetStream: the bare side publishes the publisher's messages asynchronously on one connection and awaits every ack. */
final class NatsSide implements BrokerSide {
    private final String url;
    private final Connection admin;
    private final List<String> streams = new ArrayList<>();

    NatsSide(String url) throws Exception {
        this.url = url;
        this.admin = Nats.connect(url);
    }

    @Override
    public String name() {
        return "nats " + url;
    }

    /** A fresh JetStream stream (file storage, the default 2-minute duplicate window); returns its subject prefix. */
    private String newStream() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        admin.jetStreamManagement().addStream(StreamConfiguration.builder().name("ES4J_BENCH_" + id)
                .subjects("bench-" + id + ".>").storageType(StorageType.File).build());
        streams.add("ES4J_BENCH_" + id);
        return "bench-" + id;
    }

    @Override
    public void sendBare(List<RecordedEvent> events) throws Exception {
        SubjectChoice subjects = SubjectChoice.byCategoryAndType(newStream());
        try (Connection connection = Nats.connect(url)) {
            JetStream jetStream = connection.jetStream();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>(events.size());
            for (RecordedEvent event : events) {
                acks.add(jetStream.publishAsync(subjects.subjectFor(event), NatsMessages.headers(event), event.data(),
                        PublishOptions.builder().messageId(event.eventId().toString()).build()));
            }
            for (CompletableFuture<PublishAck> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public EventPublisher publisher(GlobalLogReader log, PublisherOptions options) throws Exception {
        return NatsPublisher.create(log, NatsPublisherOptions.of(url, newStream(), options));
    }

    @Override
    public void close() throws Exception {
        for (String stream : streams) {
            admin.jetStreamManagement().deleteStream(stream);
        }
        admin.close();
    }
}

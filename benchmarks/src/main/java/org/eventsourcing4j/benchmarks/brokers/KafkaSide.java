package org.eventsourcing4j.benchmarks.brokers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eventsourcing4j.kafka.KafkaPublisher;
import org.eventsourcing4j.kafka.KafkaPublisherOptions;
import org.eventsourcing4j.kafka.KafkaRecords;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.RecordedEvent;

/** Kafka: the bare side is a producer with the publisher's own settings, sending the publisher's records. */
final class KafkaSide implements BrokerSide {
    private final String bootstrap;
    private final List<String> topics = new ArrayList<>();

    KafkaSide(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public String name() {
        return "kafka " + bootstrap;
    }

    private String newTopic() throws Exception {
        String topic = "es4j-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty()))).all().get(60, TimeUnit.SECONDS);
        }
        topics.add(topic);
        return topic;
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap));
    }

    private KafkaPublisherOptions options(String topic, PublisherOptions publisher) {
        return KafkaPublisherOptions.of(bootstrap, topic, publisher);
    }

    @Override
    public void sendBare(List<RecordedEvent> events) throws Exception {
        String topic = newTopic();
        Map<String, Object> config = KafkaPublisher.producerConfig(options(topic, BrokerHarness.publisherOptions("bare")));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
            for (RecordedEvent event : events) {
                acks.add(producer.send(KafkaRecords.record(topic, event)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public EventPublisher publisher(GlobalLogReader log, PublisherOptions options) throws Exception {
        return KafkaPublisher.create(log, options(newTopic(), options));
    }

    @Override
    public void close() throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }
}

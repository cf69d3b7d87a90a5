package org.eventsourcing4j.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.MessageSource;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.testkit.publishing.BrokerChannel;

/** A topic of one test (three partitions), deleted on close; {@link #readAll} reads it partition by partition. */
public final class KafkaChannel implements BrokerChannel {
    private final String bootstrapServers;
    private final String topic;
    private final boolean owned;

    private KafkaChannel(String bootstrapServers, String topic, boolean owned) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.owned = owned;
    }

    public static KafkaChannel create(KafkaTestBroker broker, String label, int maxMessageBytes) {
        String topic = "es4j-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
        NewTopic newTopic = new NewTopic(topic, Optional.of(3), Optional.empty());
        if (maxMessageBytes > 0) {
            newTopic.configs(Map.of("max.message.bytes", Integer.toString(maxMessageBytes)));
        }
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
        return new KafkaChannel(broker.bootstrapServers(), topic, true);
    }

    static KafkaChannel at(List<String> address) {
        return new KafkaChannel(address.get(0), address.get(1), false);
    }

    public String topic() {
        return topic;
    }

    @Override
    public EventPublisher publisher(GlobalLogReader log, PublisherOptions options) {
        return KafkaPublisher.create(log, KafkaPublisherOptions.of(bootstrapServers, topic, options));
    }

    @Override
    public List<RecordedEvent> readAll(int atLeast, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, List<RecordedEvent>> byPartition = new HashMap<>();
            int count = 0;
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                            p -> new ArrayList<>()).add(KafkaRecords.event(record));
                    count++;
                }
                boolean atEnd = true;
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                for (TopicPartition partition : partitions) {
                    atEnd &= consumer.position(partition) >= ends.get(partition);
                }
                if ((atEnd && count >= atLeast) || System.nanoTime() > deadline) {
                    break;
                }
            }
            List<RecordedEvent> all = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                all.addAll(byPartition.getOrDefault(partition, List.of()));
            }
            return all;
        }
    }

    @Override
    public MessageSource source(String group) {
        return KafkaEventSource.create(bootstrapServers, topic + "-" + group, List.of(topic), Map.of());
    }

    @Override
    public List<String> address() {
        return List.of(bootstrapServers, topic);
    }

    @Override
    public void close() {
        if (!owned) {
            return;
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete topic " + topic, e);
        }
    }
}

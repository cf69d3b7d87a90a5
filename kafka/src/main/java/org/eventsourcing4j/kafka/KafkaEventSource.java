package org.eventsourcing4j.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eventsourcing4j.publishing.BrokerUnavailableException;
import org.eventsourcing4j.publishing.ConsumedEventSink;
import org.eventsourcing4j.publishing.EventConsumer;
import org.eventsourcing4j.publishing.MessageSource;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Checks;

/**
 * Reads published events from Kafka topics in a consumer group, for an
 * {@link EventConsumer}. Offsets are committed (synchronously) only after the sink
 * accepted the records, so a consumer that stops or crashes gets the rest again; the sink
 * drops what it already applied.
 *
 * <pre>{@code
 * EventConsumer consumer = new EventConsumer(
 *         KafkaEventSource.create("kafka:9092", "balances", List.of("bank-events"), Map.of()),
 *         new DeduplicatingHandler("balances", balances::apply, ledger));
 * consumer.start();
 * }</pre>
 */
public final class KafkaEventSource implements MessageSource {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String description;

    private KafkaEventSource(Map<String, Object> config, Collection<String> topics) {
        this.consumer = new KafkaConsumer<>(config);
        this.consumer.subscribe(List.copyOf(topics));
        this.description = "kafka " + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " " + topics;
    }

    /**
     * @param overrides further consumer settings (TLS, SASL, fetch sizes); offsets are
     *                  committed by this class, so {@code enable.auto.commit} stays false
     */
    public static KafkaEventSource create(String bootstrapServers, String groupId, Collection<String> topics,
                                          Map<String, Object> overrides) {
        Checks.notNull(topics, "topics");
        if (topics.isEmpty()) {
            throw new InvalidArgumentException("topics", "must name at least one topic");
        }
        topics.forEach(TopicChoice::legal);
        if (Boolean.parseBoolean(String.valueOf(overrides.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)))) {
            throw new InvalidArgumentException("consumer overrides", "enable.auto.commit would confirm records before they are applied");
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(overrides);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, Checks.notNull(groupId, "group id"));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaEventSource(config, topics);
    }

    @Override
    public void poll(Duration timeout, ConsumedEventSink sink) {
        ConsumerRecords<String, byte[]> records;
        try {
            records = consumer.poll(timeout);
        } catch (WakeupException e) {
            return;
        } catch (KafkaException e) {
            throw new BrokerUnavailableException(description + ": " + e.getMessage(), e);
        }
        Map<TopicPartition, OffsetAndMetadata> accepted = new HashMap<>();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                sink.accept(KafkaRecords.event(record));
                accepted.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
        } finally {
            commit(accepted);
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            consumer.commitSync(offsets); // a stop came during the commit: finish it, the records were applied
        } catch (KafkaException e) {
            // Lost the partitions to a rebalance, or the broker is away: the records come again
            // and the sink drops them as duplicates.
            throw new BrokerUnavailableException(description + ": committing offsets failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}

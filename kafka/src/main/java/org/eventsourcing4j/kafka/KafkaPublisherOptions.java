package org.eventsourcing4j.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Checks;

/**
 * Where and how a {@link KafkaPublisher} publishes; immutable, validated, with withers.
 *
 * @param bootstrapServers  e.g. {@code "kafka-1:9092,kafka-2:9092"}
 * @param topics            the topic of each event
 * @param producerOverrides further producer settings (TLS, SASL, compression, linger, batch
 *                          size...); the ones the guarantees rest on cannot be overridden
 * @param publisher         name, checkpoint store, filter, page size, lease, ack timeout
 */
public record KafkaPublisherOptions(
        String bootstrapServers,
        TopicChoice topics,
        Map<String, Object> producerOverrides,
        PublisherOptions publisher) {

    /** Settings the ordering and no-loss guarantees depend on: see {@link KafkaPublisher#producerConfig}. */
    static final Set<String> FIXED = Set.of("enable.idempotence", "acks", "retries",
            "max.in.flight.requests.per.connection", "key.serializer", "value.serializer",
            "delivery.timeout.ms", "transactional.id");

    public KafkaPublisherOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new InvalidArgumentException("bootstrap servers", "must not be blank");
        }
        Checks.notNull(topics, "topic choice");
        Checks.notNull(publisher, "publisher options");
        Checks.notNull(producerOverrides, "producer overrides");
        for (String key : producerOverrides.keySet()) {
            if (FIXED.contains(key)) {
                throw new InvalidArgumentException("producer overrides", "'" + key
                        + "' is set by the publisher: per-stream order and no loss depend on it");
            }
        }
        producerOverrides = Map.copyOf(producerOverrides);
    }

    /** Every event to {@code topic}, default producer settings. */
    public static KafkaPublisherOptions of(String bootstrapServers, String topic, PublisherOptions publisher) {
        return new KafkaPublisherOptions(bootstrapServers, TopicChoice.fixed(topic), Map.of(), publisher);
    }

    public KafkaPublisherOptions withTopics(TopicChoice choice) {
        return new KafkaPublisherOptions(bootstrapServers, choice, producerOverrides, publisher);
    }

    /** One more producer setting (replacing one of the same name). */
    public KafkaPublisherOptions withProducerSetting(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(producerOverrides);
        copy.put(key, value);
        return new KafkaPublisherOptions(bootstrapServers, topics, copy, publisher);
    }

    public KafkaPublisherOptions withPublisher(PublisherOptions options) {
        return new KafkaPublisherOptions(bootstrapServers, topics, producerOverrides, options);
    }
}

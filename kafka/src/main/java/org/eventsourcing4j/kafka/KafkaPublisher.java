package org.eventsourcing4j.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.support.Checks;

/**
 * Publishes the global log to Kafka: one record per event, key the stream id (so a
 * stream's events share a partition and keep their order), value the event's JSON data,
 * headers the envelope ({@link org.eventsourcing4j.publishing.EnvelopeHeaders}).
 *
 * <pre>{@code
 * EventPublisher publisher = KafkaPublisher.create(store, KafkaPublisherOptions.of("kafka:9092", "bank-events",
 *         PublisherOptions.of("bank-to-kafka", store.checkpoints())));
 * publisher.start();
 * }</pre>
 */
public final class KafkaPublisher {
    private KafkaPublisher() {
    }

    /** A publisher of {@code log}, not started; it opens its producer on the first send. */
    public static EventPublisher create(GlobalLogReader log, KafkaPublisherOptions options) {
        Checks.notNull(options, "options");
        return EventPublisher.create(log, new KafkaSender(options.bootstrapServers(), options.topics(),
                producerConfig(options)), options.publisher());
    }

    /**
     * The producer's settings. Fixed: {@code enable.idempotence=true} and {@code acks=all}
     * (the broker acknowledges once every in-sync replica has the record, and a retry never
     * writes it twice or out of order), {@code max.in.flight.requests.per.connection=5} (the
     * most idempotence keeps in order), unlimited {@code retries} within an unlimited
     * {@code delivery.timeout.ms}: the producer keeps retrying on its own until the
     * publisher's ack timeout, when the publisher closes it and sends the page again with a
     * new one. {@code max.block.ms} is the ack timeout, so a send never blocks longer;
     * {@code max.request.size} is 2 MiB (overridable), so that the largest event fits.
     */
    public static Map<String, Object> producerConfig(KafkaPublisherOptions options) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "es4j-publisher-" + options.publisher().name());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, options.publisher().ackTimeout().toMillis());
        // The largest event (1 MiB of data) with its headers fits; the topic's max.message.bytes must too.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        config.putAll(options.producerOverrides());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight: a batch the broker refuses (a record too large fails the records
        // batched with it) must not have a later batch in flight that the broker stores before
        // the refused batch's other records are sent again (docs/brokers.md).
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}

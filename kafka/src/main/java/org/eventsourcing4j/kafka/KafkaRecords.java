package org.eventsourcing4j.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eventsourcing4j.publishing.EnvelopeHeaders;
import org.eventsourcing4j.store.RecordedEvent;

/** Events as Kafka records: key the stream id, value the JSON data, headers the envelope in UTF-8. */
public final class KafkaRecords {
    private KafkaRecords() {
    }

    public static ProducerRecord<String, byte[]> record(String topic, RecordedEvent event) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> header : EnvelopeHeaders.of(event).entrySet()) {
            headers.add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, event.streamId().value(), event.data(), headers);
    }

    /**
     * The event a record carries.
     *
     * @throws org.eventsourcing4j.publishing.MalformedMessageException the record has no valid envelope
     */
    public static RecordedEvent event(ConsumerRecord<?, byte[]> record) {
        return EnvelopeHeaders.toEvent(name -> {
            Header header = record.headers().lastHeader(name);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }, record.value());
    }
}

package org.eventsourcing4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;
import org.junit.jupiter.api.Test;

class KafkaPublisherOptionsTest {
    private static final PublisherOptions PUBLISHER = PublisherOptions.of("p", new InMemoryCheckpointStore());

    @Test
    void the_settings_the_guarantees_rest_on_cannot_be_overridden() {
        KafkaPublisherOptions options = KafkaPublisherOptions.of("127.0.0.1:9092", "events", PUBLISHER);
        for (String key : new String[] {"acks", "enable.idempotence", "max.in.flight.requests.per.connection", "retries"}) {
            assertThatThrownBy(() -> options.withProducerSetting(key, "1")).as(key)
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(key);
        }
        Map<String, Object> config = KafkaPublisher.producerConfig(options.withProducerSetting("linger.ms", 20));
        assertThat(config).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("max.in.flight.requests.per.connection", 1).containsEntry("linger.ms", 20);
    }

    @Test
    void topics_are_checked_and_categories_sanitized() {
        assertThatThrownBy(() -> TopicChoice.fixed("bad topic")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> TopicChoice.fixed("..")).isInstanceOf(InvalidArgumentException.class);
        RecordedEvent event = new RecordedEvent(UUID.randomUUID(), "T", StreamId.of("kö nto*>-1"), 1, LogPosition.of(1),
                Instant.parse("2026-03-01T09:00:00Z"), 1, "{}".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
        assertThat(TopicChoice.byCategory("bank").topicFor(event)).isEqualTo("bank.k__nto__").matches(TopicChoice.LEGAL.pattern());
    }
}

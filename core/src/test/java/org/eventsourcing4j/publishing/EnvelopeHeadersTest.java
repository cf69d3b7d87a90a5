package org.eventsourcing4j.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

class EnvelopeHeadersTest {
    private static final RecordedEvent EVENT = new RecordedEvent(UUID.randomUUID(), "MoneyDeposited",
            StreamId.of("account-ü 1"), 7, new LogPosition(4711, 42), Instant.parse("2026-03-01T09:00:00.123456Z"), 2,
            "{\"amount\":10}".getBytes(StandardCharsets.UTF_8),
            new Metadata("corr-1", "cause ß", Map.of("tenant", "acme", "note", "two\nlines ✓")));

    @Test
    void the_headers_carry_the_whole_envelope_and_rebuild_the_same_event() {
        Map<String, String> headers = EnvelopeHeaders.of(EVENT);
        assertThat(headers).containsEntry(EnvelopeHeaders.EVENT_ID, EVENT.eventId().toString())
                .containsEntry(EnvelopeHeaders.STREAM_VERSION, "7")
                .containsEntry(EnvelopeHeaders.POSITION, "42")
                .containsEntry(EnvelopeHeaders.LOG_POSITION, "4711:42")
                .containsEntry(EnvelopeHeaders.RECORDED_AT, "2026-03-01T09:00:00.123456Z")
                .containsEntry(EnvelopeHeaders.CORRELATION_ID, "corr-1")
                .containsEntry(EnvelopeHeaders.CAUSATION_ID, "cause ß");
        assertThat(headers.get(EnvelopeHeaders.METADATA)).as("ASCII only").matches("[\\x20-\\x7e]+");
        assertThat(EnvelopeHeaders.toEvent(headers::get, EVENT.data())).isEqualTo(EVENT);
    }

    @Test
    void empty_metadata_adds_no_headers() {
        RecordedEvent plain = new RecordedEvent(UUID.randomUUID(), "E", StreamId.of("s"), 1, LogPosition.of(1),
                Instant.parse("2026-03-01T09:00:00Z"), 1, "{}".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
        Map<String, String> headers = EnvelopeHeaders.of(plain);
        assertThat(headers).doesNotContainKeys(EnvelopeHeaders.METADATA, EnvelopeHeaders.CORRELATION_ID);
        assertThat(EnvelopeHeaders.toEvent(headers::get, plain.data())).isEqualTo(plain);
    }

    @Test
    void a_message_without_an_envelope_is_a_typed_error_naming_what_is_missing() {
        Map<String, String> headers = new HashMap<>(EnvelopeHeaders.of(EVENT));
        headers.remove(EnvelopeHeaders.STREAM_ID);
        assertThatThrownBy(() -> EnvelopeHeaders.toEvent(headers::get, new byte[0]))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining(EnvelopeHeaders.STREAM_ID);
        headers.put(EnvelopeHeaders.STREAM_ID, "s");
        headers.put(EnvelopeHeaders.STREAM_VERSION, "seven");
        assertThatThrownBy(() -> EnvelopeHeaders.toEvent(headers::get, new byte[0]))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining(EVENT.eventId().toString());
    }
}

package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every field of a read event is the same whether the driver sent the rows as text (a
 * statement's first executions) or in binary form (once it is server-prepared, or from the
 * first execution with {@code prepareThreshold=-1}): the event id and the recorded-at instant
 * (before 1970 and before 1583, at the limits the store keeps, microseconds) are decoded from either form, with
 * and without metadata and tags, in a JVM whose default time zone is not UTC.
 */
class BinaryResultsTest {
    private static final List<Instant> INSTANTS = List.of(
            Instant.parse("2026-11-28T06:01:02.345678Z"), Instant.parse("1969-12-31T23:59:59.999999Z"),
            Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("1999-12-31T23:59:59.000001Z"),
            Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("0001-01-01T00:00:00.000001Z"),
            Instant.parse("9999-12-31T23:59:59.999999Z"), Instant.parse("1582-10-04T23:59:59.5Z"));

    /** A mutable clock: the instant of each append. */
    private static final class SetClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "prepareThreshold=-1", "prepareThreshold=0"})
    void readsEveryFieldFromTextAndBinaryRows(String setting) {
        String url = PgTestDatabase.url();
        if (!setting.isEmpty()) {
            url += (url.contains("?") ? "&" : "?") + setting;
        }
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
        SetClock clock = new SetClock();
        try (PgTestDatabase database = PgTestDatabase.create("binary", 2, url);
             PostgresEventStore store = database.store(database.options("b_").withClock(clock).withStreamPageSize(3))) {
            StreamId stream = StreamId.of("binary-1");
            List<EventData> appended = new ArrayList<>();
            for (int i = 0; i < INSTANTS.size(); i++) {
                clock.now = INSTANTS.get(i);
                EventData event = new EventData(UUID.randomUUID(), "Type" + (i % 3), i + 1,
                        ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
                if (i % 2 == 1) {
                    event = event.withMetadata(Metadata.EMPTY.withCorrelationId("c" + i)).withTags("t" + i, "u");
                }
                appended.add(event);
                store.append(stream, ExpectedVersion.exactly(i), List.of(event));
            }
            // More than the driver's prepare threshold (5): the later reads get binary rows by default.
            for (int read = 0; read < 8; read++) {
                List<RecordedEvent> events;
                try (Stream<RecordedEvent> all = store.readStream(stream)) {
                    events = all.toList();
                }
                check(events, appended, stream);
                LogPage page = store.readAll(LogPosition.START, 100);
                check(page.events(), appended, stream);
                assertThat(events).isEqualTo(page.events());
                for (RecordedEvent event : events) {
                    assertThat(store.readEvent(event.eventId())).contains(event);
                }
            }
        } finally {
            TimeZone.setDefault(before);
        }
    }

    private static void check(List<RecordedEvent> events, List<EventData> appended, StreamId stream) {
        assertThat(events).hasSize(appended.size());
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent event = events.get(i);
            EventData expected = appended.get(i);
            assertThat(event.hasContentOf(expected)).as("event %d", i).isTrue();
            assertThat(event.eventId()).isEqualTo(expected.eventId());
            assertThat(event.type()).isEqualTo(expected.type());
            assertThat(event.revision()).isEqualTo(i + 1);
            assertThat(event.metadata()).isEqualTo(expected.metadata());
            assertThat(event.tags()).isEqualTo(expected.tags());
            assertThat(event.recordedAt()).as("event %d", i).isEqualTo(INSTANTS.get(i));
            assertThat(event.streamId()).isEqualTo(stream);
            assertThat(event.version()).isEqualTo(i + 1);
        }
    }
}

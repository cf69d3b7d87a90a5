package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;
import org.eventsourcing4j.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read paths decode a row from its columns plus a bit set of the nullable ones, reuse the
 * previous row's type and stream when their bytes repeat, and keep their statements prepared
 * on reused reader sessions: every combination of metadata and tags, types and streams that
 * alternate, non-ASCII ids, instants before 1970 at microsecond precision, and reads that end
 * early must come back exactly as written, on every read path.
 */
class SqliteReadDecodingTest {
    private static final StreamId A = StreamId.of("konto-ä-1");
    private static final StreamId B = StreamId.of("konto-b-\uD83D\uDE00");

    @TempDir
    Path directory;

    /** Sixteen events: each combination of correlation id, causation id, headers and tags once. */
    private static List<EventData> everyCombination() {
        List<EventData> events = new ArrayList<>();
        for (int bits = 0; bits < 16; bits++) {
            Map<String, String> headers = new LinkedHashMap<>();
            if ((bits & 4) != 0) {
                headers.put("z-last", "1");
                headers.put("a-first", "ü \"quoted\"");
            }
            Metadata metadata = new Metadata((bits & 1) != 0 ? "corr-" + bits : null,
                    (bits & 2) != 0 ? "cause-" + bits : null, headers);
            EventData event = new EventData(UUID.randomUUID(), bits % 3 == 0 ? "Geöffnet" : "Type" + (bits % 2), bits + 1,
                    ("{\"n\":" + bits + ",\"s\":\"é\"}").getBytes(StandardCharsets.UTF_8), metadata);
            events.add((bits & 8) != 0 ? event.withTags("tag:" + bits, "account:1") : event);
        }
        return events;
    }

    private static void assertSame(RecordedEvent read, EventData written, StreamId stream, long version) {
        assertThat(read.eventId()).isEqualTo(written.eventId());
        assertThat(read.type()).isEqualTo(written.type());
        assertThat(read.streamId()).isEqualTo(stream);
        assertThat(read.version()).isEqualTo(version);
        assertThat(read.revision()).isEqualTo(written.revision());
        assertThat(read.data()).isEqualTo(written.data());
        assertThat(read.metadata()).isEqualTo(written.metadata());
        assertThat(new ArrayList<>(read.metadata().headers().keySet()))
                .containsExactlyElementsOf(written.metadata().headers().keySet());
        assertThat(read.tags()).isEqualTo(written.tags());
        assertThat(read.hasContentOf(written)).isTrue();
    }

    @Test
    void every_combination_of_metadata_and_tags_reads_back_on_every_read_path() {
        List<EventData> events = everyCombination();
        try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("combinations.db"))) {
            // Interleaved: the streams (and the types) change from one position to the next.
            for (int i = 0; i < events.size(); i++) {
                StreamId stream = i % 2 == 0 ? A : B;
                store.append(stream, ExpectedVersion.exactly(i / 2), events.get(i));
            }
            List<RecordedEvent> log = store.readAll(LogPosition.START, 100).events();
            assertThat(log).hasSize(events.size());
            for (int i = 0; i < events.size(); i++) {
                assertSame(log.get(i), events.get(i), i % 2 == 0 ? A : B, i / 2 + 1);
                assertSame(store.readEvent(events.get(i).eventId()).orElseThrow(), events.get(i), i % 2 == 0 ? A : B,
                        i / 2 + 1);
            }
            for (StreamId stream : List.of(A, B)) {
                List<RecordedEvent> read;
                try (Stream<RecordedEvent> rows = store.readStream(stream)) {
                    read = rows.toList();
                }
                assertThat(read).hasSize(events.size() / 2);
                for (int j = 0; j < read.size(); j++) {
                    assertSame(read.get(j), events.get(2 * j + (stream.equals(A) ? 0 : 1)), stream, j + 1);
                }
            }
            List<RecordedEvent> tagged;
            try (Stream<RecordedEvent> rows = store.consistencyBoundaries().orElseThrow()
                    .read(EventQuery.of(QueryItem.tags("account:1")), LogPosition.START)) {
                tagged = rows.toList();
            }
            assertThat(tagged).extracting(RecordedEvent::eventId).containsExactlyElementsOf(
                    events.stream().filter(e -> !e.tags().isEmpty()).map(EventData::eventId).toList());
            for (RecordedEvent event : tagged) {
                int i = (int) event.position() - 1;
                assertSame(event, events.get(i), i % 2 == 0 ? A : B, i / 2 + 1);
            }
            // A filtered page (prepared apart from the cached unfiltered one) decodes the same.
            LogPage geoeffnet = store.readAll(LogPosition.START, 100, EventFilter.types("Geöffnet"));
            assertThat(geoeffnet.events()).extracting(RecordedEvent::type).containsOnly("Geöffnet").hasSize(6);
        }
    }

    @Test
    void instants_before_1970_keep_their_microseconds_whatever_the_default_time_zone() {
        TimeZone saved = TimeZone.getDefault();
        Instant[] instants = {Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("1901-03-04T05:06:07.000001Z"),
                Instant.EPOCH, Instant.parse("2026-12-04T18:00:00.123456Z")};
        MutableClock clock = new MutableClock(instants[0]);
        try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("instants.db"),
                SqliteOptions.defaults().withClock(clock))) {
            for (int i = 0; i < instants.length; i++) {
                clock.set(instants[i]);
                store.append(A, ExpectedVersion.exactly(i), EventData.of("At", "{}"));
            }
            for (String zone : List.of("Pacific/Kiritimati", "America/St_Johns", "UTC")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                try (Stream<RecordedEvent> rows = store.readStream(A)) {
                    assertThat(rows.map(RecordedEvent::recordedAt)).containsExactly(instants);
                }
                assertThat(store.readAll(LogPosition.START, 10).events()).extracting(RecordedEvent::recordedAt)
                        .containsExactly(instants);
                // The as-of statement is a cached statement of its own.
                try (Stream<RecordedEvent> rows = store.readStream(A,
                        StreamQuery.asOf(Instant.parse("1969-12-31T23:59:59.999999Z")))) {
                    assertThat(rows.map(RecordedEvent::version)).containsExactly(1L, 2L);
                }
            }
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void a_read_closed_early_leaves_its_reused_session_ready_for_the_next_reads() {
        try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("early.db"),
                SqliteOptions.defaults().withMaxIdleReaders(1))) {
            for (int i = 0; i < 5; i++) {
                store.append(i % 2 == 0 ? A : B, ExpectedVersion.any(), EventData.of("E" + i, "{\"i\":" + i + "}"));
            }
            for (int round = 0; round < 3; round++) {
                try (Stream<RecordedEvent> rows = store.readStream(A)) {
                    Iterator<RecordedEvent> it = rows.iterator();
                    assertThat(it.next().type()).isEqualTo("E0"); // left open with rows to go, then closed
                }
                // Nested: a second read while the first stream holds its session.
                try (Stream<RecordedEvent> outer = store.readStream(A); Stream<RecordedEvent> inner = store.readStream(B)) {
                    assertThat(outer.map(RecordedEvent::type)).containsExactly("E0", "E2", "E4");
                    assertThat(inner.map(RecordedEvent::type)).containsExactly("E1", "E3");
                }
                assertThat(store.readAll(LogPosition.of(1), 2).events()).extracting(RecordedEvent::type)
                        .containsExactly("E1", "E2");
                assertThat(store.readStream(A, StreamQuery.from(2)).map(RecordedEvent::version)).containsExactly(2L, 3L);
            }
            // A reset statement starts afresh: an append after the reads shows in the next ones.
            store.append(A, ExpectedVersion.exactly(3), EventData.of("E5", "{}"));
            try (Stream<RecordedEvent> rows = store.readStream(A)) {
                assertThat(rows.map(RecordedEvent::type)).containsExactly("E0", "E2", "E4", "E5");
            }
            assertThat(store.readAll(LogPosition.START, 10).events()).hasSize(6);
        }
    }
}

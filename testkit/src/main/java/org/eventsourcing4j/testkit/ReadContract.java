package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.junit.jupiter.api.Test;

/** Stream reads: ranges, time travel by version and instant, bounded memory. */
public interface ReadContract extends StoreUnderTest {

    int LONG_STREAM = 100_000;
    /** About 500 bytes, so the long stream holds about 50 MB of payload. */
    String PADDING = "x".repeat(480);

    @Test
    default void an_unknown_stream_reads_as_empty_at_version_zero() {
        StreamId known = newStream("known");
        store().append(known, ExpectedVersion.noStream(), event("E", 1));
        StreamId stream = newStream("unknown");
        assertThat(read(stream)).isEmpty();
        assertThat(store().currentVersion(stream)).isZero();
        assertThat(store().currentVersion(known)).isEqualTo(1);
    }

    @Test
    default void reads_a_single_event_by_its_id_from_any_stream_and_nothing_for_an_unknown_id() {
        StreamId first = newStream("by-id");
        StreamId second = newStream("by-id");
        store().append(first, ExpectedVersion.noStream(), events("E", 3));
        EventData wanted = EventData.of("Wanted", "{\"n\":42}");
        store().append(second, ExpectedVersion.noStream(), event("E", 1), wanted);
        RecordedEvent stored = read(second).get(1);

        assertThat(store().readEvent(wanted.eventId())).hasValueSatisfying(found -> {
            assertThat(found).isEqualTo(stored);
            assertThat(found.streamId()).isEqualTo(second);
            assertThat(found.version()).isEqualTo(2);
            assertThat(found.logPosition()).isEqualTo(stored.logPosition());
            assertSameJson(found.data(), wanted.data());
        });
        assertThat(store().readEvent(read(first).get(2).eventId())).map(RecordedEvent::version).hasValue(3L);
        assertThat(store().readEvent(UUID.randomUUID())).isEmpty();
        assertThatThrownBy(() -> store().readEvent(null)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    default void reads_from_a_version_in_the_middle() {
        StreamId stream = newStream("middle");
        store().append(stream, ExpectedVersion.noStream(), events("E", 10));
        try (Stream<RecordedEvent> events = store().readStream(stream, StreamQuery.from(7))) {
            assertThat(events.toList()).extracting(RecordedEvent::version).containsExactly(7L, 8L, 9L, 10L);
        }
        try (Stream<RecordedEvent> events = store().readStream(stream, StreamQuery.from(11))) {
            assertThat(events.toList()).isEmpty();
        }
    }

    @Test
    default void reads_the_state_at_a_version() {
        StreamId stream = newStream("upto");
        store().append(stream, ExpectedVersion.noStream(), events("E", 10));
        try (Stream<RecordedEvent> events = store().readStream(stream, StreamQuery.upTo(3))) {
            assertThat(events.toList()).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
        }
        try (Stream<RecordedEvent> events = store().readStream(stream, new StreamQuery(4, 6, null))) {
            assertThat(events.toList()).extracting(RecordedEvent::version).containsExactly(4L, 5L, 6L);
        }
        try (Stream<RecordedEvent> events = store().readStream(stream, StreamQuery.upTo(0))) {
            assertThat(events.toList()).isEmpty();
        }
    }

    @Test
    default void reads_the_state_as_of_an_instant() {
        StreamId stream = newStream("asof");
        Instant first = clock().instant().truncatedTo(ChronoUnit.MICROS);
        store().append(stream, ExpectedVersion.noStream(), events("E", 2));
        Instant second = clock().advance(Duration.ofSeconds(1)).truncatedTo(ChronoUnit.MICROS);
        store().append(stream, ExpectedVersion.exactly(2), event("E", 3));
        clock().advance(Duration.ofSeconds(1));
        store().append(stream, ExpectedVersion.exactly(3), event("E", 4));

        assertThat(versionsAsOf(stream, first.minusNanos(1000))).isEmpty();
        assertThat(versionsAsOf(stream, first)).containsExactly(1L, 2L);
        assertThat(versionsAsOf(stream, second.minusNanos(1000))).containsExactly(1L, 2L);
        assertThat(versionsAsOf(stream, second)).containsExactly(1L, 2L, 3L);
        assertThat(versionsAsOf(stream, second.plusMillis(1500))).containsExactly(1L, 2L, 3L, 4L);
        try (Stream<RecordedEvent> events = store().readStream(stream, new StreamQuery(2, 3, second))) {
            assertThat(events.toList()).extracting(RecordedEvent::version).containsExactly(2L, 3L);
        }
    }

    @Test
    default void time_travel_far_into_the_future_reads_everything_and_far_into_the_past_nothing() {
        StreamId stream = newStream("far");
        store().append(stream, ExpectedVersion.noStream(), events("E", 3));
        for (Instant future : List.of(Instant.MAX, Instant.parse("+294277-01-01T00:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Limits.LATEST_RECORDED_AT)) {
            assertThat(versionsAsOf(stream, future)).as("as of %s", future).containsExactly(1L, 2L, 3L);
        }
        for (Instant past : List.of(Instant.MIN, Instant.parse("-4714-11-24T00:00:00Z"), Instant.EPOCH,
                Limits.EARLIEST_RECORDED_AT)) {
            assertThat(versionsAsOf(stream, past)).as("as of %s", past).isEmpty();
        }
    }

    private List<Long> versionsAsOf(StreamId stream, Instant instant) {
        try (Stream<RecordedEvent> events = store().readStream(stream, StreamQuery.asOf(instant))) {
            return events.map(RecordedEvent::version).toList();
        }
    }

    @Test
    default void a_read_sees_the_stream_as_it_was_when_the_read_began_or_later_never_a_partial_batch() {
        StreamId stream = newStream("prefix");
        store().append(stream, ExpectedVersion.noStream(), events("E", 5));
        List<Long> versions = new ArrayList<>();
        try (Stream<RecordedEvent> events = store().readStream(stream)) {
            Iterator<RecordedEvent> it = events.iterator();
            versions.add(it.next().version());
            store().append(stream, ExpectedVersion.exactly(5), events("E", 5));
            it.forEachRemaining(e -> versions.add(e.version()));
        }
        assertThat(versions.size()).isIn(5, 10);
        for (int i = 0; i < versions.size(); i++) {
            assertThat(versions.get(i)).isEqualTo(i + 1L);
        }
    }

    /**
     * Reads a stream of 100,000 events (about 50 MB of payload) and checks, halfway through,
     * that the read holds on to far less than that: a store that materializes the stream fails.
     */
    @Test
    default void reads_a_stream_of_100_000_events_with_bounded_memory() {
        StreamId stream = newStream("long");
        for (int batch = 0; batch < LONG_STREAM / 1000; batch++) {
            List<EventData> events = new ArrayList<>(1000);
            for (int i = 1; i <= 1000; i++) {
                events.add(EventData.of("Padded", "{\"n\":" + (batch * 1000 + i) + ",\"pad\":\"" + PADDING + "\"}"));
            }
            store().append(stream, ExpectedVersion.exactly(batch * 1000L), events);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedHeapAfterGc(memory);
        long retainedHalfway = -1;
        long expectedVersion = 1;
        try (Stream<RecordedEvent> events = store().readStream(stream)) {
            Iterator<RecordedEvent> it = events.iterator();
            while (it.hasNext()) {
                RecordedEvent event = it.next();
                assertThat(event.version()).isEqualTo(expectedVersion);
                if (expectedVersion == LONG_STREAM / 2) {
                    retainedHalfway = usedHeapAfterGc(memory) - before;
                }
                expectedVersion++;
            }
        }
        assertThat(expectedVersion - 1).isEqualTo(LONG_STREAM);
        assertThat(retainedHalfway)
                .as("heap retained halfway through reading ~50 MB of events")
                .isLessThan(20L * 1024 * 1024);

        try (Stream<RecordedEvent> events = store().readStream(stream, StreamQuery.from(50_001))) {
            Iterator<RecordedEvent> it = events.iterator();
            assertThat(it.next().version()).isEqualTo(50_001);
            long count = 1;
            while (it.hasNext()) {
                it.next();
                count++;
            }
            assertThat(count).isEqualTo(50_000);
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}

package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.DuplicateEventIdException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/** Appends: expected versions both ways, atomicity, the envelope, idempotent retries. */
public interface AppendContract extends StoreUnderTest {

    @Test
    default void appends_a_batch_to_a_new_stream_at_versions_one_to_n() {
        StreamId stream = newStream("append");
        AppendResult result = store().append(stream, ExpectedVersion.noStream(), events("Created", 3));

        List<RecordedEvent> read = read(stream);
        assertThat(read).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(result.streamVersion()).isEqualTo(3);
        assertThat(result.lastPosition()).isEqualTo(read.get(2).logPosition());
        assertThat(store().currentVersion(stream)).isEqualTo(3);
        assertThat(read.get(0).logPosition()).isLessThan(read.get(1).logPosition());
        assertThat(read.get(1).logPosition()).isLessThan(read.get(2).logPosition());
    }

    @Test
    default void a_clock_outside_the_times_stores_keep_fails_the_append_and_writes_nothing() {
        StreamId stream = newStream("clock");
        store().append(stream, ExpectedVersion.noStream(), event("E", 1));
        Instant sane = clock().instant();
        for (Instant far : List.of(Limits.LATEST_RECORDED_AT.plusSeconds(1), Limits.EARLIEST_RECORDED_AT.minusSeconds(1))) {
            clock().set(far);
            assertThatThrownBy(() -> store().append(stream, ExpectedVersion.exactly(1), event("E", 2)))
                    .isInstanceOf(StorageException.class).hasMessageContaining("clock");
        }
        clock().set(sane);
        assertThat(read(stream)).hasSize(1);
        assertThat(store().append(stream, ExpectedVersion.exactly(1), event("E", 2)).streamVersion()).isEqualTo(2);
    }

    @Test
    default void records_the_whole_envelope() {
        StreamId stream = newStream("envelope");
        UUID id = UUID.randomUUID();
        Metadata metadata = new Metadata("corr-1", "cause-1", Map.of("user", "ada", "note", "line1\nline2 ✓ 😀"));
        EventData event = new EventData(id, "MoneyDeposited", 3,
                "{\"amount\":\"10.50\",\"currency\":\"EUR\",\"nested\":{\"list\":[1,2,3]},\"text\":\"é😀\"}"
                        .getBytes(StandardCharsets.UTF_8), metadata);
        store().append(stream, ExpectedVersion.any(), event);

        RecordedEvent recorded = read(stream).get(0);
        assertThat(recorded.eventId()).isEqualTo(id);
        assertThat(recorded.type()).isEqualTo("MoneyDeposited");
        assertThat(recorded.streamId()).isEqualTo(stream);
        assertThat(recorded.version()).isEqualTo(1);
        assertThat(recorded.revision()).isEqualTo(3);
        assertThat(recorded.position()).isPositive();
        assertThat(recorded.recordedAt()).isEqualTo(clock().instant().truncatedTo(ChronoUnit.MICROS));
        assertThat(recorded.metadata()).isEqualTo(metadata);
        assertSameJson(recorded.data(), event.data());
    }

    @Test
    default void no_stream_succeeds_on_a_new_stream_and_conflicts_on_an_existing_one() {
        StreamId stream = newStream("nostream");
        store().append(stream, ExpectedVersion.noStream(), event("Created", 1));

        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.noStream(), event("Created", 2)))
                .isInstanceOfSatisfying(ConcurrencyConflictException.class, e -> {
                    assertThat(e.stream()).isEqualTo(stream);
                    assertThat(e.expected()).isEqualTo(ExpectedVersion.noStream());
                    assertThat(e.actualVersion()).isEqualTo(1);
                    assertThat(e.isRetryable()).isTrue();
                });
        assertThat(read(stream)).hasSize(1);
    }

    @Test
    default void stream_exists_conflicts_on_a_new_stream_and_succeeds_on_an_existing_one() {
        StreamId stream = newStream("exists");
        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.streamExists(), event("Changed", 1)))
                .isInstanceOfSatisfying(ConcurrencyConflictException.class,
                        e -> assertThat(e.actualVersion()).isZero());
        assertThat(store().currentVersion(stream)).isZero();

        store().append(stream, ExpectedVersion.noStream(), event("Created", 1));
        AppendResult result = store().append(stream, ExpectedVersion.streamExists(), event("Changed", 2));
        assertThat(result.streamVersion()).isEqualTo(2);
    }

    @Test
    default void exactly_succeeds_at_the_current_version_and_conflicts_below_and_above_it() {
        StreamId stream = newStream("exactly");
        store().append(stream, ExpectedVersion.noStream(), events("Created", 2));

        for (long wrong : new long[] {1, 3, 100}) {
            assertThatThrownBy(() -> store().append(stream, ExpectedVersion.exactly(wrong), event("Changed", 9)))
                    .isInstanceOfSatisfying(ConcurrencyConflictException.class, e -> {
                        assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(wrong));
                        assertThat(e.actualVersion()).isEqualTo(2);
                    });
        }
        AppendResult result = store().append(stream, ExpectedVersion.exactly(2), events("Changed", 2));
        assertThat(result.streamVersion()).isEqualTo(4);
        assertThat(read(stream)).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    default void exactly_zero_means_no_stream() {
        StreamId stream = newStream("zero");
        assertThat(ExpectedVersion.exactly(0)).isEqualTo(ExpectedVersion.noStream());
        store().append(stream, ExpectedVersion.exactly(0), event("Created", 1));
        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.exactly(0), event("Created", 2)))
                .isInstanceOf(ConcurrencyConflictException.class);
    }

    @Test
    default void any_succeeds_on_new_and_existing_streams() {
        StreamId stream = newStream("any");
        assertThat(store().append(stream, ExpectedVersion.any(), event("E", 1)).streamVersion()).isEqualTo(1);
        assertThat(store().append(stream, ExpectedVersion.any(), events("E", 2)).streamVersion()).isEqualTo(3);
    }

    @Test
    default void a_conflicting_batch_writes_nothing_at_all() {
        StreamId stream = newStream("atomic");
        store().append(stream, ExpectedVersion.noStream(), event("Created", 1));
        int logBefore = wholeLog().size();

        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.exactly(5), events("Changed", 5)))
                .isInstanceOf(ConcurrencyConflictException.class);

        assertThat(read(stream)).hasSize(1);
        assertThat(wholeLog()).hasSize(logBefore);
        assertThat(store().currentVersion(stream)).isEqualTo(1);
    }

    @Test
    default void streams_are_independent() {
        StreamId a = newStream("indep");
        StreamId b = newStream("indep");
        store().append(a, ExpectedVersion.noStream(), events("E", 2));
        store().append(b, ExpectedVersion.noStream(), events("E", 3));
        assertThat(store().currentVersion(a)).isEqualTo(2);
        assertThat(store().currentVersion(b)).isEqualTo(3);
        assertThat(read(b)).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
    }

    @Test
    default void stored_events_cannot_be_changed_through_arrays_handed_in_or_out() {
        StreamId stream = newStream("immutable");
        byte[] payload = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        EventData event = new EventData(UUID.randomUUID(), "E", 1, payload, Metadata.EMPTY);
        payload[5] = '9';
        store().append(stream, ExpectedVersion.any(), event);

        byte[] out = read(stream).get(0).data();
        out[5] = '7';
        assertSameJson(read(stream).get(0).data(), "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        assertSameJson(wholeLog().get(0).data(), "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    default void retrying_a_stored_batch_writes_nothing_and_returns_the_original_result() {
        StreamId stream = newStream("retry");
        List<EventData> batch = events("E", 3);
        AppendResult first = store().append(stream, ExpectedVersion.noStream(), batch);
        store().append(stream, ExpectedVersion.exactly(3), event("Later", 4));

        AppendResult again = store().append(stream, ExpectedVersion.noStream(), batch);
        AppendResult againWithAny = store().append(stream, ExpectedVersion.any(), batch);

        assertThat(again).isEqualTo(first);
        assertThat(againWithAny).isEqualTo(first);
        assertThat(read(stream)).hasSize(4);
        assertThat(wholeLog()).hasSize(4);
    }

    @Test
    default void retrying_with_an_exact_expected_version_is_idempotent() {
        StreamId stream = newStream("retry");
        store().append(stream, ExpectedVersion.noStream(), event("Created", 1));
        List<EventData> batch = events("Changed", 2);
        AppendResult first = store().append(stream, ExpectedVersion.exactly(1), batch);
        assertThat(store().append(stream, ExpectedVersion.exactly(1), batch)).isEqualTo(first);
        assertThat(read(stream)).hasSize(3);
    }

    @Test
    default void the_same_event_id_with_other_content_is_refused() {
        StreamId stream = newStream("dup");
        UUID id = UUID.randomUUID();
        store().append(stream, ExpectedVersion.noStream(), EventData.of(id, "E", "{\"n\":1}"));

        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.noStream(), EventData.of(id, "E", "{\"n\":2}")))
                .isInstanceOfSatisfying(DuplicateEventIdException.class, e -> assertThat(e.eventId()).isEqualTo(id));
        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.noStream(), EventData.of(id, "Other", "{\"n\":1}")))
                .isInstanceOf(DuplicateEventIdException.class);
        assertSameJson(read(stream).get(0).data(), "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(wholeLog()).hasSize(1);
    }

    @Test
    default void a_batch_that_partly_overlaps_stored_events_is_refused_and_writes_nothing() {
        StreamId stream = newStream("overlap");
        List<EventData> stored = events("E", 2);
        store().append(stream, ExpectedVersion.noStream(), stored);

        List<EventData> overlapping = List.of(stored.get(1), event("E", 3));
        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.any(), overlapping))
                .isInstanceOf(DuplicateEventIdException.class);
        assertThat(read(stream)).hasSize(2);
        assertThat(wholeLog()).hasSize(2);
    }

    @Test
    default void an_event_id_stored_in_another_stream_is_refused() {
        StreamId first = newStream("dup");
        StreamId second = newStream("dup");
        EventData event = event("E", 1);
        store().append(first, ExpectedVersion.noStream(), event);

        assertThatThrownBy(() -> store().append(second, ExpectedVersion.noStream(), event))
                .isInstanceOf(DuplicateEventIdException.class);
        assertThat(store().currentVersion(second)).isZero();
        assertThat(wholeLog()).hasSize(1);
    }
}

package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ErasureRecord;
import org.eventsourcing4j.store.ErasureRequest;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamArchivedException;
import org.eventsourcing4j.store.StreamDeletedException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamLifecycle;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.StreamState;
import org.eventsourcing4j.store.StreamTruncatedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StreamLifecycle}: soft delete, truncation, hard delete, archiving,
 * and what they must not break — gap-safe global-log readers, idempotent retries, a store
 * that remembers stream heads, checkpoints. Extend it as {@link EventStoreContract}; a
 * store with tables overrides {@link #liveEventRows} to count its live rows.
 */
public abstract class StreamLifecycleContract implements StoreUnderTest {

    private MutableClock clock;
    private EventStore store;

    /** A fresh, empty store whose recorded-at timestamps come from {@code clock}. */
    protected abstract EventStore newStore(Clock clock);

    /** Releases a store after its test. Closes it by default. */
    protected void disposeStore(EventStore store) {
        store.close();
    }

    /** How many events the store's live tables hold; by default the events of the global log. */
    protected long liveEventRows() {
        return wholeLog().size();
    }

    @BeforeEach
    final void createStore() {
        clock = MutableClock.startingAt2026();
        store = newStore(clock);
    }

    @AfterEach
    final void releaseStore() {
        if (store != null) {
            disposeStore(store);
        }
    }

    @Override
    public final EventStore store() {
        return store;
    }

    @Override
    public final MutableClock clock() {
        return clock;
    }

    protected final StreamLifecycle lifecycle() {
        return store.lifecycle().orElseThrow(() -> new AssertionError("the store has no lifecycle()"));
    }

    private StreamId streamWith(int events) {
        StreamId stream = newStream("life");
        store().append(stream, ExpectedVersion.noStream(), events("E", events));
        return stream;
    }

    private List<RecordedEvent> logOf(StreamId stream) {
        return wholeLog().stream().filter(e -> e.streamId().equals(stream)).toList();
    }

    // ---- soft delete ----

    @Test
    void a_deleted_stream_refuses_reads_and_appends_and_the_log_carries_a_marker() {
        StreamId stream = streamWith(3);
        AppendResult marker = lifecycle().softDelete(stream, "closed by operator");

        assertThat(marker.streamVersion()).isEqualTo(4);
        assertThat(lifecycle().state(stream).status()).isEqualTo(StreamState.Status.DELETED);
        assertThatThrownBy(() -> read(stream)).isInstanceOf(StreamDeletedException.class)
                .hasMessageContaining(stream.value());
        List<RecordedEvent> log = logOf(stream);
        assertThat(log).extracting(RecordedEvent::type).containsExactly("E", "E", "E", StreamLifecycle.DELETED_MARKER);
        assertThat(json(log.get(3).data()).get("reason").asString()).isEqualTo("closed by operator");
        for (ExpectedVersion expected : List.of(ExpectedVersion.any(), ExpectedVersion.exactly(4),
                ExpectedVersion.exactly(3), ExpectedVersion.noStream(), ExpectedVersion.streamExists())) {
            assertThatThrownBy(() -> store().append(stream, expected, event("E", 9)))
                    .as(expected.toString()).isInstanceOf(StreamDeletedException.class);
        }
        assertThat(logOf(stream)).hasSize(4);
        assertThatThrownBy(() -> lifecycle().softDelete(stream, "again")).isInstanceOf(StreamDeletedException.class);
    }

    @Test
    void an_atomic_append_across_streams_is_refused_whole_when_one_of_them_is_retired() {
        StreamId live = streamWith(1);
        StreamId deleted = streamWith(2);
        lifecycle().softDelete(deleted, "closed");
        StreamId truncated = streamWith(3);
        lifecycle().truncateBefore(truncated, 3);
        List<RecordedEvent> before = logOf(live);

        assertThatThrownBy(() -> store().appendAll(List.of(
                new AppendBatch(live, ExpectedVersion.exactly(1), List.of(event("E", 2))),
                new AppendBatch(deleted, ExpectedVersion.any(), List.of(event("E", 9))))))
                .isInstanceOf(StreamDeletedException.class).hasMessageContaining(deleted.value());
        assertThatThrownBy(() -> store().appendAll(List.of(
                new AppendBatch(truncated, ExpectedVersion.exactly(1), List.of(event("E", 2))),
                new AppendBatch(live, ExpectedVersion.exactly(1), List.of(event("E", 2))))))
                .isInstanceOf(StreamTruncatedException.class);
        assertThat(logOf(live)).as("nothing of a refused call is written").isEqualTo(before);
        assertThat(store().appendAll(List.of(
                new AppendBatch(truncated, ExpectedVersion.exactly(3), List.of(event("E", 4))),
                new AppendBatch(live, ExpectedVersion.exactly(1), List.of(event("E", 2))))))
                .extracting(AppendResult::streamVersion).containsExactly(4L, 2L);
    }

    @Test
    void a_retried_append_to_a_deleted_stream_returns_its_original_result() {
        StreamId stream = newStream("life");
        AppendBatch batch = new AppendBatch(stream, ExpectedVersion.noStream(), events("E", 2));
        AppendResult original = store().append(batch);
        lifecycle().softDelete(stream, "gone");

        assertThat(store().append(batch)).isEqualTo(original);
        assertThat(logOf(stream)).hasSize(3);
    }

    // ---- truncation ----

    @Test
    void a_truncated_stream_reads_from_the_truncation_and_refuses_reads_below_it() {
        StreamId stream = streamWith(5);
        List<RecordedEvent> before = read(stream);
        Instant afterThird = before.get(2).recordedAt();

        assertThat(lifecycle().truncateBefore(stream, 4)).isEqualTo(3);

        try (Stream<RecordedEvent> events = store().readStream(stream, StreamQuery.from(4))) {
            assertThat(events.toList()).isEqualTo(before.subList(3, 5));
        }
        assertThatThrownBy(() -> read(stream)).isInstanceOfSatisfying(StreamTruncatedException.class,
                e -> assertThat(e.firstVersion()).isEqualTo(4));
        assertThatThrownBy(() -> store().readStream(stream, StreamQuery.asOf(afterThird)))
                .isInstanceOf(StreamTruncatedException.class);
        assertThat(store().currentVersion(stream)).isEqualTo(5);
        assertThat(lifecycle().state(stream).firstVersion()).isEqualTo(4);
        assertThat(logOf(stream)).isEqualTo(before.subList(3, 5));
        assertThat(store().readEvent(before.get(0).eventId())).isEmpty();
        assertThat(store().append(stream, ExpectedVersion.exactly(5), event("E", 6)).streamVersion()).isEqualTo(6);
        assertThat(lifecycle().truncateBefore(stream, 3)).as("truncated there already").isZero();
    }

    @Test
    void a_retry_of_truncated_events_is_refused_and_writes_nothing() {
        StreamId stream = newStream("life");
        AppendBatch first = new AppendBatch(stream, ExpectedVersion.noStream(), events("E", 2));
        store().append(first);
        AppendBatch second = new AppendBatch(stream, ExpectedVersion.exactly(2), events("F", 2));
        AppendResult secondResult = store().append(second);
        lifecycle().truncateBefore(stream, 3);

        assertThatThrownBy(() -> store().append(first)).isInstanceOf(StreamTruncatedException.class);
        assertThat(store().append(second)).as("a retry of surviving events").isEqualTo(secondResult);
        assertThat(logOf(stream)).extracting(RecordedEvent::version).containsExactly(3L, 4L);
        assertThat(store().currentVersion(stream)).isEqualTo(4);
    }

    @Test
    void truncation_is_checked() {
        StreamId stream = streamWith(3);
        assertThatThrownBy(() -> lifecycle().truncateBefore(stream, 1)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> lifecycle().truncateBefore(stream, 4)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("2..3");
        assertThatThrownBy(() -> lifecycle().truncateBefore(newStream("none"), 2))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(read(stream)).hasSize(3);
    }

    // ---- hard delete ----

    @Test
    void a_hard_delete_removes_every_event_keeps_an_audit_record_and_refuses_the_name() {
        StreamId stream = streamWith(3);
        StreamId other = streamWith(2);
        List<RecordedEvent> events = read(stream);
        clock().advance(java.time.Duration.ofHours(1));
        long rowsBefore = liveEventRows();

        ErasureRecord record = lifecycle().hardDelete(stream, new ErasureRequest("dpo@example.com", "GDPR art. 17 #42"));

        assertThat(record.stream()).isEqualTo(stream);
        assertThat(record.requestedBy()).isEqualTo("dpo@example.com");
        assertThat(record.reason()).isEqualTo("GDPR art. 17 #42");
        assertThat(record.erasedAt()).isEqualTo(org.eventsourcing4j.store.Limits.recordedAt(clock().instant()));
        assertThat(record.eventsErased()).isEqualTo(3);
        assertThat(record.lastVersion()).isEqualTo(3);
        assertThat(lifecycle().erasures()).containsExactly(record);
        assertThat(liveEventRows()).isEqualTo(rowsBefore - 3 + 1);
        List<RecordedEvent> log = logOf(stream);
        assertThat(log).extracting(RecordedEvent::type).containsExactly(StreamLifecycle.ERASED_MARKER);
        assertThat(log.get(0).version()).isEqualTo(4);
        assertThat(log.get(0).dataAsString()).isEqualTo("{}");
        for (RecordedEvent event : events) {
            assertThat(store().readEvent(event.eventId())).isEmpty();
        }
        assertThatThrownBy(() -> read(stream)).isInstanceOfSatisfying(StreamDeletedException.class,
                e -> assertThat(e.erased()).isTrue());
        for (ExpectedVersion expected : List.of(ExpectedVersion.noStream(), ExpectedVersion.exactly(3),
                ExpectedVersion.exactly(4), ExpectedVersion.any())) {
            assertThatThrownBy(() -> store().append(stream, expected, event("E", 1)))
                    .as(expected.toString()).isInstanceOf(StreamDeletedException.class);
        }
        assertThat(read(other)).hasSize(2);
        assertThatThrownBy(() -> lifecycle().hardDelete(stream, new ErasureRequest("a", "b")))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void an_exact_retry_after_a_hard_delete_is_refused_not_written_again() {
        StreamId stream = newStream("life");
        AppendBatch batch = new AppendBatch(stream, ExpectedVersion.noStream(), events("E", 2));
        store().append(batch);
        AppendBatch next = new AppendBatch(stream, ExpectedVersion.exactly(2), events("E", 1));
        store().append(next);
        lifecycle().hardDelete(stream, new ErasureRequest("ops", "test"));

        assertThatThrownBy(() -> store().append(batch)).isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> store().append(next)).isInstanceOf(StreamDeletedException.class);
        assertThat(logOf(stream)).extracting(RecordedEvent::type).containsExactly(StreamLifecycle.ERASED_MARKER);
    }

    @Test
    void erasure_requests_are_checked() {
        assertThatThrownBy(() -> new ErasureRequest(" ", "why")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new ErasureRequest("who", "")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> lifecycle().hardDelete(newStream("none"), new ErasureRequest("who", "why")))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(lifecycle().erasures()).isEmpty();
    }

    // ---- archive ----

    @Test
    void an_archived_stream_leaves_the_live_tables_reads_back_the_same_and_restores() {
        StreamId stream = streamWith(4);
        StreamId other = streamWith(2);
        List<RecordedEvent> events = read(stream);
        long rowsBefore = liveEventRows();

        assertThat(lifecycle().archive(stream)).isEqualTo(4);

        assertThat(liveEventRows()).isEqualTo(rowsBefore - 4);
        assertThat(logOf(stream)).isEmpty();
        assertThat(read(stream)).isEqualTo(events);
        assertThat(store().currentVersion(stream)).isEqualTo(4);
        assertThat(store().readEvent(events.get(1).eventId())).contains(events.get(1));
        assertThat(lifecycle().state(stream).status()).isEqualTo(StreamState.Status.ARCHIVED);
        for (ExpectedVersion expected : List.of(ExpectedVersion.noStream(), ExpectedVersion.exactly(4), ExpectedVersion.any())) {
            assertThatThrownBy(() -> store().append(stream, expected, event("E", 1)))
                    .as(expected.toString()).isInstanceOf(StreamArchivedException.class);
        }
        assertThat(read(other)).hasSize(2);

        assertThat(lifecycle().restore(stream)).isEqualTo(4);
        assertThat(liveEventRows()).isEqualTo(rowsBefore);
        assertThat(logOf(stream)).isEqualTo(events);
        assertThat(read(stream)).isEqualTo(events);
        assertThat(store().append(stream, ExpectedVersion.exactly(4), event("E", 5)).streamVersion()).isEqualTo(5);
        assertThatThrownBy(() -> lifecycle().restore(stream)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void an_archived_stream_can_be_erased() {
        StreamId stream = streamWith(2);
        lifecycle().archive(stream);
        ErasureRecord record = lifecycle().hardDelete(stream, new ErasureRequest("dpo", "request"));
        assertThat(record.eventsErased()).isEqualTo(2);
        assertThatThrownBy(() -> read(stream)).isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> lifecycle().restore(stream)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> lifecycle().archive(stream)).isInstanceOf(StreamDeletedException.class);
    }

    // ---- readers of the global log ----

    /**
     * A reader pages through the log with a checkpoint while streams are truncated, erased,
     * deleted, archived and restored between its pages: it sees every surviving event once,
     * in log order, and no event after it was removed.
     */
    @RepeatedTest(3)
    void a_reader_across_deletions_never_skips_a_survivor_nor_sees_an_event_twice() {
        List<StreamId> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            streams.add(newStream("gap"));
        }
        for (int round = 1; round <= 4; round++) {
            for (StreamId stream : streams) {
                store().append(stream, ExpectedVersion.any(), event("E", round));
            }
        }
        List<RecordedEvent> seen = new ArrayList<>();
        Set<UUID> removed = new HashSet<>();
        LogPosition checkpoint = LogPosition.START;
        int page = 0;
        while (true) {
            LogPage events = store().readAll(LogPosition.parse(checkpoint.asString()), 3);
            for (RecordedEvent event : events.events()) {
                assertThat(removed).as("a removed event was read").doesNotContain(event.eventId());
                seen.add(event);
            }
            if (events.isEmpty()) {
                break;
            }
            checkpoint = events.next();
            page++;
            switch (page) {
                case 1 -> removed.addAll(ids(truncate(streams.get(0), 3)));
                case 2 -> removed.addAll(ids(erase(streams.get(1))));
                case 3 -> lifecycle().softDelete(streams.get(2), "deleted mid-read");
                case 4 -> lifecycle().archive(streams.get(3));
                case 5 -> lifecycle().restore(streams.get(3));
                case 6 -> removed.addAll(ids(truncate(streams.get(4), 4)));
                default -> {
                }
            }
        }
        assertThat(seen).extracting(RecordedEvent::eventId).doesNotHaveDuplicates();
        assertThat(seen).extracting(RecordedEvent::logPosition).isSorted();
        List<RecordedEvent> survivors = wholeLog();
        assertThat(seen).containsAll(survivors.stream().filter(e -> !e.streamId().equals(streams.get(3))).toList());
        assertThat(survivors).extracting(RecordedEvent::eventId).doesNotContainAnyElementsOf(removed);
        assertThat(survivors).extracting(RecordedEvent::type).contains(StreamLifecycle.DELETED_MARKER,
                StreamLifecycle.ERASED_MARKER);
    }

    private List<RecordedEvent> truncate(StreamId stream, long before) {
        List<RecordedEvent> events = read(stream);
        lifecycle().truncateBefore(stream, before);
        return events.subList(0, (int) before - 1);
    }

    private List<RecordedEvent> erase(StreamId stream) {
        List<RecordedEvent> events = read(stream);
        lifecycle().hardDelete(stream, new ErasureRequest("ops", "test"));
        return events;
    }

    private static List<UUID> ids(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::eventId).toList();
    }

    @Test
    void a_restored_stream_is_not_read_again_by_a_reader_past_it_and_is_read_by_one_before_it() {
        StreamId stream = streamWith(3);
        StreamId later = streamWith(2);
        LogPosition pastIt = store().readAll(LogPosition.START, 3).next();
        lifecycle().archive(stream);
        lifecycle().restore(stream);

        assertThat(store().readAll(pastIt, 100).events()).extracting(RecordedEvent::streamId).containsOnly(later);
        assertThat(store().readAll(LogPosition.START, 100).events()).extracting(RecordedEvent::streamId)
                .containsExactly(stream, stream, stream, later, later);
    }

    @Test
    void the_operations_are_serialized_with_appends_under_a_barrier() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            StreamId stream = streamWith(2);
            var barrier = new java.util.concurrent.CyclicBarrier(2);
            var appended = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = new Thread(() -> {
                try {
                    barrier.await();
                    store().append(stream, ExpectedVersion.any(), event("E", 3));
                    appended.set(true);
                } catch (StreamDeletedException refused) {
                    // the erasure came first
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            barrier.await();
            ErasureRecord record = lifecycle().hardDelete(stream, new ErasureRequest("ops", "race"));
            writer.join();
            assertThat(record.eventsErased()).isEqualTo(appended.get() ? 3 : 2);
            assertThat(logOf(stream)).extracting(RecordedEvent::type).containsExactly(StreamLifecycle.ERASED_MARKER);
        }
    }
}

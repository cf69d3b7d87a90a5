package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SnapshotStore} must do: keep the newest snapshots per stream, replace
 * one at the same version, find the latest (at or before a version, recorded by an
 * instant) and delete one, a stream or a whole type. Extend it with a fresh, empty store.
 */
public abstract class SnapshotStoreContract {

    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00.123456Z");
    protected static final StreamId ACCOUNT_1 = StreamId.of("account-1");
    protected static final StreamId ACCOUNT_2 = StreamId.of("account-2");

    /** A fresh, empty store that keeps {@code retainedPerStream} snapshots per stream. */
    protected abstract SnapshotStore newStore(int retainedPerStream);

    protected static Snapshot snapshot(StreamId stream, long version) {
        return snapshot(stream, version, "AccountSnapshot", T0.plusSeconds(version));
    }

    protected static Snapshot snapshot(StreamId stream, long version, String type, Instant recordedUntil) {
        return new Snapshot(stream, version, type, 1,
                ("{\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8), recordedUntil, T0.plusSeconds(3600));
    }

    @Test
    public void an_empty_store_has_no_snapshots() {
        SnapshotStore store = newStore(3);

        assertThat(store.loadLatest(ACCOUNT_1)).isEmpty();
        assertThat(store.loadLatestAtOrBefore(ACCOUNT_1, 100)).isEmpty();
        assertThat(store.loadLatestRecordedBy(ACCOUNT_1, T0.plusSeconds(1_000))).isEmpty();
        assertThat(store.delete(ACCOUNT_1, 1)).isFalse();
        assertThat(store.deleteStream(ACCOUNT_1)).isZero();
        assertThat(store.deleteAllOfType("AccountSnapshot")).isZero();
    }

    @Test
    public void gives_back_every_field_as_saved() {
        SnapshotStore store = newStore(3);
        Snapshot saved = new Snapshot(ACCOUNT_1, 42, "AccountSnapshot", 7,
                "{\"name\":\"Zoë \\\"Z\\\" 名前 😀\",\"balance\":10.50}".getBytes(StandardCharsets.UTF_8),
                T0, T0.plus(Duration.ofMillis(1500)));

        store.save(saved);

        Snapshot loaded = store.loadLatest(ACCOUNT_1).orElseThrow();
        assertThat(loaded).isEqualTo(saved);
        assertThat(loaded.dataAsString()).isEqualTo("{\"name\":\"Zoë \\\"Z\\\" 名前 😀\",\"balance\":10.50}");
        assertThat(loaded.recordedUntil()).isEqualTo(T0);
        assertThat(loaded.takenAt()).isEqualTo(T0.plusMillis(1500));
    }

    @Test
    public void the_latest_is_the_highest_version_whatever_the_order_of_saves() {
        SnapshotStore store = newStore(3);
        store.save(snapshot(ACCOUNT_1, 200));
        store.save(snapshot(ACCOUNT_1, 100)); // a slow writer finishing late

        assertThat(store.loadLatest(ACCOUNT_1).orElseThrow().version()).isEqualTo(200);
    }

    @Test
    public void a_save_at_the_same_version_replaces_the_snapshot() {
        SnapshotStore store = newStore(3);
        store.save(snapshot(ACCOUNT_1, 5, "OldSnapshot", T0));
        Snapshot replacement = snapshot(ACCOUNT_1, 5, "AccountSnapshot", T0.plusSeconds(1));

        store.save(replacement);

        assertThat(store.loadLatest(ACCOUNT_1)).contains(replacement);
        assertThat(store.deleteStream(ACCOUNT_1)).isEqualTo(1);
    }

    @Test
    public void finds_the_latest_at_or_before_a_version() {
        SnapshotStore store = newStore(10);
        for (long version : new long[] {10, 20, 30}) {
            store.save(snapshot(ACCOUNT_1, version));
        }

        assertThat(store.loadLatestAtOrBefore(ACCOUNT_1, 9)).isEmpty();
        assertThat(store.loadLatestAtOrBefore(ACCOUNT_1, 10).orElseThrow().version()).isEqualTo(10);
        assertThat(store.loadLatestAtOrBefore(ACCOUNT_1, 29).orElseThrow().version()).isEqualTo(20);
        assertThat(store.loadLatestAtOrBefore(ACCOUNT_1, 1_000).orElseThrow().version()).isEqualTo(30);
    }

    @Test
    public void finds_the_latest_whose_events_were_all_recorded_by_an_instant() {
        SnapshotStore store = newStore(10);
        store.save(snapshot(ACCOUNT_1, 10, "AccountSnapshot", T0));
        store.save(snapshot(ACCOUNT_1, 20, "AccountSnapshot", T0.plusSeconds(60)));

        assertThat(store.loadLatestRecordedBy(ACCOUNT_1, T0.minusNanos(1000))).isEmpty();
        assertThat(store.loadLatestRecordedBy(ACCOUNT_1, T0).orElseThrow().version()).isEqualTo(10);
        assertThat(store.loadLatestRecordedBy(ACCOUNT_1, T0.plusSeconds(60).minusNanos(1)).orElseThrow().version())
                .as("an instant with nanoseconds compares as its whole microseconds").isEqualTo(10);
        assertThat(store.loadLatestRecordedBy(ACCOUNT_1, T0.plusSeconds(60).plusNanos(999)).orElseThrow().version())
                .isEqualTo(20);
    }

    @Test
    public void keeps_only_the_newest_snapshots_of_each_stream() {
        SnapshotStore store = newStore(2);
        for (long version = 1; version <= 5; version++) {
            store.save(snapshot(ACCOUNT_1, version * 100));
        }
        store.save(snapshot(ACCOUNT_2, 7));

        assertThat(store.loadLatestAtOrBefore(ACCOUNT_1, 399)).isEmpty();
        assertThat(store.loadLatestAtOrBefore(ACCOUNT_1, 400).orElseThrow().version()).isEqualTo(400);
        assertThat(store.loadLatest(ACCOUNT_1).orElseThrow().version()).isEqualTo(500);
        assertThat(store.loadLatest(ACCOUNT_2).orElseThrow().version()).isEqualTo(7);
        assertThat(store.deleteStream(ACCOUNT_1)).isEqualTo(2);
    }

    @Test
    public void deletes_one_snapshot_or_a_whole_stream() {
        SnapshotStore store = newStore(3);
        store.save(snapshot(ACCOUNT_1, 10));
        store.save(snapshot(ACCOUNT_1, 20));
        store.save(snapshot(ACCOUNT_2, 10));

        assertThat(store.delete(ACCOUNT_1, 20)).isTrue();
        assertThat(store.delete(ACCOUNT_1, 20)).isFalse();
        assertThat(store.loadLatest(ACCOUNT_1).orElseThrow().version()).isEqualTo(10);
        assertThat(store.deleteStream(ACCOUNT_1)).isEqualTo(1);
        assertThat(store.loadLatest(ACCOUNT_1)).isEmpty();
        assertThat(store.loadLatest(ACCOUNT_2)).isPresent();
    }

    @Test
    public void deletes_every_snapshot_of_a_type_in_one_call() {
        SnapshotStore store = newStore(5);
        store.save(snapshot(ACCOUNT_1, 10, "AccountSnapshot", T0));
        store.save(snapshot(ACCOUNT_1, 20, "AccountSnapshotV2", T0));
        store.save(snapshot(ACCOUNT_2, 10, "AccountSnapshot", T0));
        store.save(snapshot(StreamId.of("loan-1"), 3, "LoanSnapshot", T0));

        assertThat(store.deleteAllOfType("AccountSnapshot")).isEqualTo(2);

        assertThat(store.loadLatest(ACCOUNT_1).orElseThrow().type()).isEqualTo("AccountSnapshotV2");
        assertThat(store.loadLatestAtOrBefore(ACCOUNT_1, 19)).isEmpty();
        assertThat(store.loadLatest(ACCOUNT_2)).isEmpty();
        assertThat(store.loadLatest(StreamId.of("loan-1"))).isPresent();
        assertThat(store.deleteAllOfType("AccountSnapshot")).isZero();
    }
}

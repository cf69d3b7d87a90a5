package org.eventsourcing4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.aggregate.SnapshotTestbed.ID;
import static org.eventsourcing4j.aggregate.SnapshotTestbed.STREAM;
import static org.eventsourcing4j.aggregate.SnapshotTestbed.T0;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.snapshot.SnapshotStatistics;
import org.eventsourcing4j.snapshot.SnapshotType;
import org.junit.jupiter.api.Test;

/** Loads that start from a snapshot, and snapshots that cannot be used. */
class SnapshotLoadingTest {

    private final SnapshotTestbed bed = new SnapshotTestbed();
    private final AggregateRepository<Tally, Tally.Event> tallies = bed.repository(bed.options(SnapshotPolicy.never()));

    @Test
    void a_load_starts_from_the_latest_snapshot_and_reads_only_the_events_after_it() {
        bed.history(10);                                  // versions 1..11
        Snapshot taken = tallies.takeSnapshot(ID);
        bed.count(3);                                     // versions 12..14

        Tally loaded = tallies.load(ID);

        assertThat(taken.version()).isEqualTo(11);
        assertThat(bed.store.takeEventsRead()).as("the snapshot's own event, to check it, and the 3 after it")
                .isEqualTo(4);
        bed.assertSameAsFullReplay(loaded);
        assertThat(loaded.total()).isEqualTo(55 + 15);
        assertThat(tallies.snapshotStatistics()).isEqualTo(new SnapshotStatistics(1, 0, 0, 1));
    }

    @Test
    void a_snapshot_of_the_latest_version_needs_no_events_but_its_own() {
        bed.history(10);
        tallies.takeSnapshot(ID);
        bed.store.takeEventsRead();

        Tally loaded = tallies.load(ID);

        assertThat(bed.store.takeEventsRead()).isEqualTo(1);
        bed.assertSameAsFullReplay(loaded);
    }

    @Test
    void the_snapshot_holds_the_state_record_as_json_with_its_type_and_revision() {
        bed.history(2);
        bed.clock.set(T0.plusSeconds(30));

        Snapshot taken = tallies.takeSnapshot(ID);

        assertThat(taken.stream()).isEqualTo(STREAM);
        assertThat(taken.version()).isEqualTo(3);
        assertThat(taken.type()).isEqualTo("TallySnapshot");
        assertThat(taken.revision()).isEqualTo(1);
        assertThat(taken.dataAsString()).isEqualTo("{\"label\":\"visitors\",\"running\":true,\"total\":3}");
        assertThat(taken.recordedUntil()).isEqualTo(T0);
        assertThat(taken.takenAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(bed.snapshots.loadLatest(STREAM)).contains(taken);
    }

    @Test
    void deleting_the_snapshot_type_is_one_call_and_loads_go_back_to_the_events() {
        bed.history(5);
        tallies.takeSnapshot(ID);
        bed.snapshots.save(snapshotOf("OtherSnapshot", 1, 2, "{}"));

        assertThat(tallies.deleteSnapshots()).isEqualTo(1);

        assertThat(bed.snapshots.loadLatest(STREAM).orElseThrow().type()).isEqualTo("OtherSnapshot");
        bed.assertSameAsFullReplay(tallies.load(ID));
    }

    @Test
    void without_snapshot_options_there_is_nothing_to_take_or_delete() {
        assertThatThrownBy(() -> bed.fullReplay.takeSnapshot(ID)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no snapshot options");
        assertThatThrownBy(bed.fullReplay::deleteSnapshots).isInstanceOf(IllegalStateException.class);
        assertThat(bed.fullReplay.snapshotStatistics()).isEqualTo(SnapshotStatistics.NONE);
        assertThatThrownBy(() -> tallies.takeSnapshot("nobody")).isInstanceOf(AggregateNotFoundException.class);
    }

    // ---- snapshots that cannot be used: ignored, counted, rebuilt from events, replaced ----

    @Test
    void corrupt_json_is_ignored_and_replaced() {
        assertIgnoredAndReplaced(snapshotOf("TallySnapshot", 1, 3, "{\"label\":\"visitors\",\"runn"));
    }

    @Test
    void json_null_is_ignored_and_replaced() {
        assertIgnoredAndReplaced(snapshotOf("TallySnapshot", 1, 3, "null"));
    }

    @Test
    void json_of_another_shape_under_the_same_revision_is_ignored_and_replaced() {
        assertIgnoredAndReplaced(snapshotOf("TallySnapshot", 1, 3, "{\"label\":\"visitors\",\"count\":3}"));
    }

    @Test
    void a_snapshot_of_an_unknown_type_is_ignored_and_replaced() {
        assertIgnoredAndReplaced(snapshotOf("CounterSnapshot", 1, 3,
                "{\"label\":\"visitors\",\"running\":true,\"total\":3}"));
    }

    @Test
    void a_snapshot_of_an_older_revision_is_ignored_and_replaced() {
        SnapshotType<Tally, Tally.State> revision2 = SnapshotType.of("TallySnapshot", 2, Tally.State.class,
                Tally.SNAPSHOT.capture(), Tally.SNAPSHOT.restore());
        AggregateRepository<Tally, Tally.Event> newerCode = bed.repository(
                bed.options(SnapshotPolicy.never()).withType(revision2));

        assertIgnoredAndReplaced(newerCode, snapshotOf("TallySnapshot", 1, 3,
                "{\"label\":\"visitors\",\"running\":true,\"total\":3}"), 2);
    }

    @Test
    void a_snapshot_of_a_newer_revision_is_ignored_and_replaced() {
        assertIgnoredAndReplaced(snapshotOf("TallySnapshot", 2, 3,
                "{\"label\":\"visitors\",\"running\":true,\"total\":3}"));
    }

    @Test
    void a_snapshot_claiming_a_version_beyond_the_stream_is_ignored_deleted_and_replaced() {
        bed.history(4);                                   // versions 1..5
        bed.snapshots.save(snapshotOf("TallySnapshot", 1, 50, "{\"label\":\"x\",\"running\":true,\"total\":999}"));

        Tally loaded = tallies.load(ID);

        bed.assertSameAsFullReplay(loaded);
        assertThat(tallies.snapshotStatistics().ignored()).isEqualTo(1);
        assertThat(bed.snapshots.loadLatestAtOrBefore(STREAM, 50).orElseThrow().version())
                .as("the bogus snapshot is gone, a fresh one at the stream's version replaced it").isEqualTo(5);
    }

    @Test
    void a_snapshot_whose_event_was_recorded_after_it_claims_is_another_history_and_ignored() {
        bed.history(4);
        bed.snapshots.save(new Snapshot(STREAM, 3, "TallySnapshot", 1,
                bytes("{\"label\":\"x\",\"running\":true,\"total\":999}"), T0.minus(Duration.ofDays(1)), T0));

        bed.assertSameAsFullReplay(tallies.load(ID));
        assertThat(tallies.snapshotStatistics().ignored()).isEqualTo(1);
    }

    @Test
    void a_snapshot_the_restore_function_refuses_is_ignored_and_replaced() {
        SnapshotType<Tally, Tally.State> picky = SnapshotType.of("TallySnapshot", 1, Tally.State.class,
                Tally.SNAPSHOT.capture(), (id, version, state) -> {
                    if (state.total() < 0) {
                        throw new IllegalArgumentException("negative total " + state.total());
                    }
                    return Tally.SNAPSHOT.restore().restore(id, version, state);
                });
        AggregateRepository<Tally, Tally.Event> repository = bed.repository(
                bed.options(SnapshotPolicy.never()).withType(picky));

        assertIgnoredAndReplaced(repository, snapshotOf("TallySnapshot", 1, 3,
                "{\"label\":\"visitors\",\"running\":true,\"total\":-1}"), 1);
    }

    @Test
    void a_restore_function_that_returns_the_wrong_aggregate_is_a_programming_error() {
        SnapshotType<Tally, Tally.State> broken = SnapshotType.of("TallySnapshot", 1, Tally.State.class,
                Tally.SNAPSHOT.capture(), (id, version, state) -> Tally.SNAPSHOT.restore().restore(id, version + 1, state));
        bed.history(3);
        AggregateRepository<Tally, Tally.Event> repository = bed.repository(
                bed.options(SnapshotPolicy.never()).withType(broken));
        tallies.takeSnapshot(ID);

        assertThatThrownBy(() -> repository.load(ID)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must return an aggregate with id 't1', version 4");
    }

    @Test
    void a_time_travel_load_that_meets_an_unreadable_snapshot_replaces_it_with_one_of_its_own_state() {
        bed.history(6);                                   // versions 1..7
        bed.snapshots.save(snapshotOf("TallySnapshot", 1, 3, "not json"));

        Tally atVersion5 = tallies.loadAt(ID, 5);

        assertThat(atVersion5.state()).isEqualTo(bed.fullReplay.loadAt(ID, 5).state());
        assertThat(tallies.snapshotStatistics().ignored()).isEqualTo(1);
        assertThat(bed.snapshots.loadLatestAtOrBefore(STREAM, 4)).isEmpty();
        assertThat(bed.snapshots.loadLatest(STREAM).orElseThrow().version()).isEqualTo(5);
    }

    private void assertIgnoredAndReplaced(Snapshot unreadable) {
        assertIgnoredAndReplaced(tallies, unreadable, 1);
    }

    private void assertIgnoredAndReplaced(AggregateRepository<Tally, Tally.Event> repository, Snapshot unreadable,
                                          int currentRevision) {
        bed.history(4);                                   // versions 1..5
        bed.snapshots.save(unreadable);

        Tally loaded = repository.load(ID);

        assertThat(bed.store.takeEventsRead()).as("a full replay").isEqualTo(5);
        bed.assertSameAsFullReplay(loaded);
        assertThat(repository.snapshotStatistics()).isEqualTo(new SnapshotStatistics(1, 0, 1, 0));
        Snapshot replacement = bed.snapshots.loadLatest(STREAM).orElseThrow();
        assertThat(replacement.version()).isEqualTo(5);
        assertThat(replacement.type()).isEqualTo("TallySnapshot");
        assertThat(replacement.revision()).isEqualTo(currentRevision);
        assertThat(bed.snapshots.loadLatestAtOrBefore(STREAM, 4)).as("the unreadable one is deleted").isEmpty();

        Tally again = repository.load(ID);

        assertThat(bed.store.takeEventsRead()).as("the fresh snapshot's own event only").isEqualTo(1);
        bed.assertSameAsFullReplay(again);
        assertThat(repository.snapshotStatistics()).isEqualTo(new SnapshotStatistics(1, 0, 1, 1));
    }

    private static Snapshot snapshotOf(String type, int revision, long version, String json) {
        return new Snapshot(STREAM, version, type, revision, bytes(json), T0, T0);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}

package org.eventsourcing4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.aggregate.SnapshotTestbed.ID;
import static org.eventsourcing4j.aggregate.SnapshotTestbed.STREAM;

import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.snapshot.SnapshotTrigger;
import org.eventsourcing4j.snapshot.SnapshotTrigger.Loaded;
import org.eventsourcing4j.snapshot.SnapshotTrigger.Saved;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** When snapshots are taken. */
class SnapshotPolicyTest {

    private final SnapshotTestbed bed = new SnapshotTestbed();

    @Test
    void the_default_takes_one_after_a_load_that_replayed_more_than_100_events() {
        AggregateRepository<Tally, Tally.Event> tallies = bed.repository(bed.options(SnapshotPolicy.DEFAULT));
        bed.history(99);                                  // 100 events

        tallies.load(ID);
        assertThat(bed.snapshots.loadLatest(STREAM)).as("100 replayed: not more than 100").isEmpty();

        bed.count(1);                                     // 101 events
        tallies.load(ID);
        assertThat(bed.snapshots.loadLatest(STREAM).orElseThrow().version()).isEqualTo(101);

        bed.count(1);
        tallies.load(ID);                                 // replays 1 event after the snapshot
        assertThat(tallies.snapshotStatistics().taken()).isEqualTo(1);
    }

    @Test
    void after_replaying_more_than_n_counts_the_events_after_the_snapshot() {
        AggregateRepository<Tally, Tally.Event> tallies =
                bed.repository(bed.options(SnapshotPolicy.afterReplayingMoreThan(3)));
        bed.history(3);                                   // 4 events

        tallies.load(ID);                                 // replays 4: snapshot at 4
        bed.count(3);
        tallies.load(ID);                                 // replays 3 after it: none
        bed.count(1);
        tallies.load(ID);                                 // replays 4 after it: snapshot at 8

        assertThat(versionsOfSnapshots()).containsExactly(4L, 8L);
    }

    @Test
    void every_n_events_takes_one_after_each_save_that_reaches_a_multiple() {
        AggregateRepository<Tally, Tally.Event> tallies = bed.repository(bed.options(SnapshotPolicy.everyEvents(3)));
        Tally tally = new Tally(ID);
        tally.start("visitors");
        tallies.save(tally);                              // v1
        for (int i = 0; i < 6; i++) {
            tallies.update(ID, t -> t.count(1));          // v2..v7: reaches 3 and 6
        }
        Tally batch = tallies.load(ID);
        for (int i = 0; i < 7; i++) {
            batch.count(1);
        }
        tallies.save(batch);                              // v8..v14 in one batch: passes 9 and 12

        assertThat(versionsOfSnapshots()).containsExactly(3L, 6L, 14L);
        assertThat(tallies.snapshotStatistics().taken()).isEqualTo(3);
        bed.assertSameAsFullReplay(tallies.load(ID));
    }

    @Test
    void a_custom_policy_sees_every_load_and_save() {
        List<SnapshotTrigger> seen = new ArrayList<>();
        AggregateRepository<Tally, Tally.Event> tallies = bed.repository(bed.options(trigger -> {
            seen.add(trigger);
            return trigger instanceof Saved saved && saved.version() == 3;
        }));
        Tally tally = new Tally(ID);
        tally.start("visitors");
        tally.count(1);
        tallies.save(tally);
        tallies.update(ID, t -> t.count(2));

        assertThat(seen).containsExactly(new Saved(STREAM, 0, 2), new Loaded(STREAM, 2, 2), new Saved(STREAM, 2, 3));
        assertThat(versionsOfSnapshots()).containsExactly(3L);
    }

    @Test
    void never_takes_none_on_its_own() {
        AggregateRepository<Tally, Tally.Event> tallies = bed.repository(bed.options(SnapshotPolicy.never()));
        bed.history(300);
        tallies.load(ID);
        tallies.update(ID, t -> t.count(1));

        assertThat(bed.snapshots.loadLatest(STREAM)).isEmpty();
    }

    @Test
    void time_travel_loads_do_not_ask_the_policy() {
        List<SnapshotTrigger> seen = new ArrayList<>();
        AggregateRepository<Tally, Tally.Event> tallies = bed.repository(bed.options(trigger -> seen.add(trigger)));
        bed.history(5);

        tallies.loadAt(ID, 3);
        tallies.loadAsOf(ID, SnapshotTestbed.T0);

        assertThat(seen).isEmpty();
        assertThat(bed.snapshots.loadLatest(STREAM)).isEmpty();
    }

    @Test
    void the_built_in_policies_decide_on_the_trigger_alone() {
        SnapshotPolicy replayed = SnapshotPolicy.afterReplayingMoreThan(10);
        assertThat(replayed.shouldSnapshot(new Loaded(STREAM, 500, 10))).isFalse();
        assertThat(replayed.shouldSnapshot(new Loaded(STREAM, 500, 11))).isTrue();
        assertThat(replayed.shouldSnapshot(new Saved(STREAM, 0, 500))).isFalse();

        SnapshotPolicy every = SnapshotPolicy.everyEvents(10);
        assertThat(every.shouldSnapshot(new Saved(STREAM, 8, 9))).isFalse();
        assertThat(every.shouldSnapshot(new Saved(STREAM, 9, 10))).isTrue();
        assertThat(every.shouldSnapshot(new Saved(STREAM, 10, 11))).isFalse();
        assertThat(every.shouldSnapshot(new Saved(STREAM, 15, 35))).isTrue();
        assertThat(every.shouldSnapshot(new Loaded(STREAM, 10, 10))).isFalse();

        SnapshotPolicy either = every.or(replayed);
        assertThat(either.shouldSnapshot(new Loaded(STREAM, 500, 11))).isTrue();
        assertThat(either.shouldSnapshot(new Saved(STREAM, 9, 10))).isTrue();
        assertThat(either.shouldSnapshot(new Saved(STREAM, 1, 2))).isFalse();

        assertThatThrownBy(() -> SnapshotPolicy.everyEvents(0)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> SnapshotPolicy.afterReplayingMoreThan(0)).isInstanceOf(InvalidArgumentException.class);
    }

    private List<Long> versionsOfSnapshots() {
        List<Long> versions = new ArrayList<>();
        long below = Long.MAX_VALUE;
        for (Snapshot s; (s = bed.snapshots.loadLatestAtOrBefore(STREAM, below).orElse(null)) != null; below = s.version() - 1) {
            versions.add(0, s.version());
        }
        return versions;
    }
}

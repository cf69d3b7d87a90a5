package org.eventsourcing4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventsourcing4j.aggregate.SnapshotTestbed.ID;
import static org.eventsourcing4j.aggregate.SnapshotTestbed.STREAM;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.snapshot.SnapshotStatistics;
import org.eventsourcing4j.snapshot.SnapshotType;
import org.junit.jupiter.api.Test;

/** Snapshots are written after the command, off its path, and their failures never fail it. */
class SnapshotFailureTest {

    private final SnapshotTestbed bed = new SnapshotTestbed();
    private final FailingSnapshotStore failing = new FailingSnapshotStore();

    @Test
    void commands_succeed_while_snapshot_writes_fail_and_the_failures_are_counted() {
        AggregateRepository<Tally, Tally.Event> tallies =
                bed.repository(bed.options(failing, SnapshotPolicy.everyEvents(2), Runnable::run));
        failing.writesFail = true;
        Tally tally = new Tally(ID);
        tally.start("visitors");

        tallies.save(tally);                              // v1
        for (int i = 1; i <= 5; i++) {
            int amount = i;
            Tally updated = tallies.update(ID, t -> t.count(amount));   // v2..v6: 2, 4, 6 trigger
            assertThat(updated.version()).isEqualTo(i + 1);
        }

        assertThat(bed.store.currentVersion(STREAM)).isEqualTo(6);
        assertThat(tallies.load(ID).total()).isEqualTo(15);
        assertThat(tallies.snapshotStatistics()).isEqualTo(new SnapshotStatistics(0, 3, 0, 0));
        assertThat(failing.inner.loadLatest(STREAM)).isEmpty();

        failing.writesFail = false;
        tallies.update(ID, t -> t.count(1));              // v7
        tallies.update(ID, t -> t.count(1));              // v8: triggers, and now it works

        assertThat(failing.inner.loadLatest(STREAM).orElseThrow().version()).isEqualTo(8);
        assertThat(tallies.snapshotStatistics().taken()).isEqualTo(1);
    }

    @Test
    void a_snapshot_store_that_cannot_be_read_sends_loads_to_the_events() {
        AggregateRepository<Tally, Tally.Event> tallies =
                bed.repository(bed.options(failing, SnapshotPolicy.never(), Runnable::run));
        bed.history(4);
        tallies.takeSnapshot(ID);
        failing.readsFail = true;

        Tally loaded = tallies.load(ID);

        bed.assertSameAsFullReplay(loaded);
        assertThat(tallies.snapshotStatistics()).isEqualTo(new SnapshotStatistics(1, 1, 0, 0));
    }

    @Test
    void a_failed_replacement_of_an_unreadable_snapshot_is_counted_and_the_load_still_succeeds() {
        AggregateRepository<Tally, Tally.Event> tallies =
                bed.repository(bed.options(failing, SnapshotPolicy.never(), Runnable::run));
        bed.history(4);
        failing.inner.save(new Snapshot(STREAM, 2, "TallySnapshot", 1, new byte[] {'{'}, SnapshotTestbed.T0,
                SnapshotTestbed.T0));
        failing.writesFail = true;

        bed.assertSameAsFullReplay(tallies.load(ID));

        assertThat(tallies.snapshotStatistics()).isEqualTo(new SnapshotStatistics(0, 1, 1, 0));
    }

    @Test
    void a_refusing_executor_a_failing_policy_or_a_failing_capture_is_counted_not_thrown() {
        bed.history(4);
        AggregateRepository<Tally, Tally.Event> refused = bed.repository(bed.options(bed.snapshots,
                SnapshotPolicy.afterReplayingMoreThan(1), task -> {
                    throw new RejectedExecutionException("queue full");
                }));
        AggregateRepository<Tally, Tally.Event> badPolicy = bed.repository(bed.options(trigger -> {
            throw new IllegalStateException("policy bug");
        }));
        SnapshotType<Tally, Tally.State> badCapture = throwingCapture();
        AggregateRepository<Tally, Tally.Event> capturing = bed.repository(
                bed.options(SnapshotPolicy.afterReplayingMoreThan(1)).withType(badCapture));

        bed.assertSameAsFullReplay(refused.load(ID));
        bed.assertSameAsFullReplay(badPolicy.update(ID, t -> t.count(1)));
        bed.assertSameAsFullReplay(capturing.load(ID));

        assertThat(refused.snapshotStatistics().failed()).isEqualTo(1);
        assertThat(badPolicy.snapshotStatistics().failed()).isEqualTo(2); // after the load and after the save
        assertThat(capturing.snapshotStatistics().failed()).isEqualTo(1);
        assertThat(bed.snapshots.loadLatest(STREAM)).isEmpty();
    }

    @Test
    void when_capturing_fails_an_unreadable_snapshot_is_still_deleted() {
        SnapshotType<Tally, Tally.State> badCapture = throwingCapture();
        AggregateRepository<Tally, Tally.Event> tallies = bed.repository(
                bed.options(SnapshotPolicy.never()).withType(badCapture));
        bed.history(4);
        bed.snapshots.save(new Snapshot(STREAM, 2, "TallySnapshot", 1, new byte[] {'{'}, SnapshotTestbed.T0,
                SnapshotTestbed.T0));

        bed.assertSameAsFullReplay(tallies.load(ID));

        assertThat(tallies.snapshotStatistics()).isEqualTo(new SnapshotStatistics(0, 1, 1, 0));
        assertThat(bed.snapshots.loadLatest(STREAM)).isEmpty();
    }

    @Test
    void the_snapshot_is_written_after_the_save_returned_not_during_it() {
        QueuedExecutor executor = new QueuedExecutor();
        AggregateRepository<Tally, Tally.Event> tallies =
                bed.repository(bed.options(bed.snapshots, SnapshotPolicy.everyEvents(2), executor));
        Tally tally = new Tally(ID);
        tally.start("visitors");
        tally.count(1);

        tallies.save(tally);

        assertThat(bed.store.currentVersion(STREAM)).isEqualTo(2);
        assertThat(bed.snapshots.loadLatest(STREAM)).isEmpty();
        assertThat(executor.size()).isEqualTo(1);

        tallies.update(ID, t -> t.count(2));              // the state goes on changing meanwhile
        executor.runAll();

        Snapshot snapshot = bed.snapshots.loadLatest(STREAM).orElseThrow();
        assertThat(snapshot.version()).isEqualTo(2);
        assertThat(snapshot.dataAsString()).isEqualTo("{\"label\":\"visitors\",\"running\":true,\"total\":1}");
    }

    @Test
    void a_burst_of_slow_loads_queues_one_snapshot_per_stream() {
        QueuedExecutor executor = new QueuedExecutor();
        AggregateRepository<Tally, Tally.Event> tallies =
                bed.repository(bed.options(bed.snapshots, SnapshotPolicy.afterReplayingMoreThan(2), executor));
        bed.history(5);

        for (int i = 0; i < 10; i++) {
            tallies.load(ID);
        }
        assertThat(executor.size()).isEqualTo(1);

        executor.runAll();
        tallies.load(ID);

        assertThat(executor.size()).as("the snapshot is there now: nothing to replay").isZero();
        assertThat(tallies.snapshotStatistics()).isEqualTo(new SnapshotStatistics(1, 0, 0, 1));
    }

    @Test
    void the_load_captures_the_state_before_the_caller_changes_the_aggregate() {
        QueuedExecutor executor = new QueuedExecutor();
        AggregateRepository<Tally, Tally.Event> tallies =
                bed.repository(bed.options(bed.snapshots, SnapshotPolicy.afterReplayingMoreThan(2), executor));
        bed.history(5);

        Tally loaded = tallies.load(ID);
        loaded.count(100);                               // not saved
        executor.runAll();

        assertThat(bed.snapshots.loadLatest(STREAM).orElseThrow().dataAsString())
                .isEqualTo("{\"label\":\"visitors\",\"running\":true,\"total\":15}");
    }

    @Test
    void by_default_snapshots_are_written_on_a_background_thread() throws InterruptedException {
        CountDownLatch written = new CountDownLatch(1);
        AtomicReference<String> writer = new AtomicReference<>();
        InMemorySnapshotStore watched = new InMemorySnapshotStore();
        SnapshotOptions<Tally> defaults = SnapshotOptions.of(new RecordingStore(watched, writer, written), Tally.SNAPSHOT)
                .withPolicy(SnapshotPolicy.afterReplayingMoreThan(2));
        AggregateRepository<Tally, Tally.Event> tallies = bed.repository(defaults);
        bed.history(5);

        tallies.load(ID);

        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.get()).startsWith("eventsourcing4j-snapshots-")
                .isNotEqualTo(Thread.currentThread().getName());
        assertThat(watched.loadLatest(STREAM).orElseThrow().version()).isEqualTo(6);
    }

    private static SnapshotType<Tally, Tally.State> throwingCapture() {
        return SnapshotType.of("TallySnapshot", 1, Tally.State.class, tally -> {
            throw new IllegalStateException("capture bug");
        }, Tally.SNAPSHOT.restore());
    }

    /** Notes the thread that saves. */
    private static final class RecordingStore extends DelegatingSnapshotStore {
        private final AtomicReference<String> writer;
        private final CountDownLatch written;

        RecordingStore(InMemorySnapshotStore inner, AtomicReference<String> writer, CountDownLatch written) {
            super(inner);
            this.writer = writer;
            this.written = written;
        }

        @Override
        public void save(Snapshot snapshot) {
            super.save(snapshot);
            writer.set(Thread.currentThread().getName());
            written.countDown();
        }
    }
}

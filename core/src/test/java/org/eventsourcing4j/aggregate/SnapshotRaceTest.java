package org.eventsourcing4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.RetryPolicy;
import org.junit.jupiter.api.RepeatedTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands race against the background writes of the snapshots their loads trigger: every
 * snapshot ever stored must hold exactly the state a full replay gives at the version it is
 * labelled with. (A snapshot captured at load and written later used to take the
 * aggregate's version at write time, after the command had raised its event: version N + 1
 * with the state of N.)
 */
class SnapshotRaceTest {
    private static final int WRITERS = 4;
    private static final int COMMANDS_PER_WRITER = 40;

    @RepeatedTest(10)
    void every_stored_snapshot_equals_the_replay_at_its_version() throws Exception {
        SnapshotTestbed bed = new SnapshotTestbed();
        List<Snapshot> saved = new CopyOnWriteArrayList<>();
        InMemorySnapshotStore inner = new InMemorySnapshotStore();
        DelegatingSnapshotStore recording = new DelegatingSnapshotStore(inner) {
            @Override
            public void save(Snapshot snapshot) {
                Thread.yield(); // let the command that triggered it run ahead
                saved.add(snapshot);
                super.save(snapshot);
            }
        };
        ExecutorService snapshotWriters = Executors.newFixedThreadPool(2);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            // A snapshot on every load (and after every save) that replayed anything.
            SnapshotPolicy always = trigger -> true;
            AggregateRepository<Tally, Tally.Event> repository = new AggregateRepository<>(bed.store, bed.codec,
                    Tally.TYPE, RepositoryOptions.<Tally>defaults().withRetry(RetryPolicy.attempts(1000))
                            .withSnapshots(bed.options(recording, always, snapshotWriters)));
            bed.history(3);
            CyclicBarrier start = new CyclicBarrier(WRITERS);
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Random random = new Random(w * 31L + saved.hashCode());
                done.add(writers.submit(() -> {
                    start.await();
                    for (int i = 0; i < COMMANDS_PER_WRITER; i++) {
                        int amount = 1 + random.nextInt(9);
                        try {
                            repository.update(SnapshotTestbed.ID, tally -> tally.count(amount));
                        } catch (ConcurrencyConflictException exhausted) {
                            i--; // retried by the repository a thousand times; try once more
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
            snapshotWriters.shutdown();
            assertThat(snapshotWriters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        JsonMapper mapper = JsonMapper.builder().build();
        assertThat(saved).as("snapshots written during the race").hasSizeGreaterThan(3);
        for (Snapshot snapshot : saved) {
            Tally replayed = bed.fullReplay.loadAt(SnapshotTestbed.ID, snapshot.version());
            Tally.State stored = mapper.readValue(snapshot.data(), Tally.State.class);
            assertThat(stored).as("the state stored as version %d", snapshot.version()).isEqualTo(replayed.state());
        }
        assertThat(bed.fullReplay.load(SnapshotTestbed.ID).version()).isEqualTo(4 + WRITERS * COMMANDS_PER_WRITER);
    }
}

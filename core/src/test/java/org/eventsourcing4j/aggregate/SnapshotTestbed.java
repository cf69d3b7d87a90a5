package org.eventsourcing4j.aggregate;

import org.eventsourcing4j.store.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.Executor;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;

/** Tallies in a real in-memory store, with and without snapshots, for the snapshot tests. */
final class SnapshotTestbed {
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    static final String ID = "t1";
    static final StreamId STREAM = StreamId.of("tally-t1");

    final SettableClock clock = new SettableClock(T0);
    final CountingEventStore store = new CountingEventStore(new InMemoryEventStore(clock));
    final JacksonEventCodec codec = new JacksonEventCodec(EventTypeRegistry.builder()
            .register(Tally.Started.class, "TallyStarted")
            .register(Tally.Counted.class, "TallyCounted")
            .register(Tally.Stopped.class, "TallyStopped")
            .build());
    /** Reads every event: what a snapshot load must equal. */
    final AggregateRepository<Tally, Tally.Event> fullReplay =
            new AggregateRepository<>(store, codec, Tally.TYPE, RepositoryOptions.<Tally>defaults().withRetry(RetryPolicy.noRetry()));
    final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

    /** Snapshot options on {@link #snapshots}, written on the caller's thread, stamped by {@link #clock}. */
    SnapshotOptions<Tally> options(SnapshotPolicy policy) {
        return options(snapshots, policy, Runnable::run);
    }

    SnapshotOptions<Tally> options(SnapshotStore snapshotStore, SnapshotPolicy policy, Executor executor) {
        return SnapshotOptions.of(snapshotStore, Tally.SNAPSHOT).withPolicy(policy).withExecutor(executor)
                .withClock(clock);
    }

    AggregateRepository<Tally, Tally.Event> repository(SnapshotOptions<Tally> options) {
        return new AggregateRepository<>(store, codec, Tally.TYPE, RepositoryOptions.<Tally>defaults().withRetry(RetryPolicy.noRetry()).withSnapshots(options));
    }

    /** Stores a started tally with {@code counts} counts of 1, 2, 3, ...: versions 1..counts + 1. */
    void history(int counts) {
        Tally tally = new Tally(ID);
        tally.start("visitors");
        for (int i = 1; i <= counts; i++) {
            tally.count(i);
        }
        fullReplay.save(tally);
        store.takeEventsRead();
    }

    /** Adds {@code counts} counts of 5, one save each. */
    void count(int counts) {
        for (int i = 0; i < counts; i++) {
            fullReplay.update(ID, t -> t.count(5));
        }
        store.takeEventsRead();
    }

    /** The loaded tally is the one a replay of every event gives. */
    void assertSameAsFullReplay(Tally loaded) {
        Tally expected = store.uncounted(() -> fullReplay.load(ID));
        assertThat(loaded.version()).isEqualTo(expected.version());
        assertThat(loaded.state()).isEqualTo(expected.state());
        assertThat(loaded.uncommittedEvents()).isEmpty();
    }
}

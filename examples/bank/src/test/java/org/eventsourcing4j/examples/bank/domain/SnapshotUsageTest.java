package org.eventsourcing4j.examples.bank.domain;

import org.eventsourcing4j.aggregate.RepositoryOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.snapshot.SnapshotStatistics;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotTrigger;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/** The walk-through of docs/snapshots.md, as a test: the snippets there are taken from here. */
class SnapshotUsageTest {

    private final EventStore store = new InMemoryEventStore();
    private final JacksonEventCodec codec = new JacksonEventCodec(AccountEvents.registry());

    @Test
    void the_walk_through_from_the_docs() {
        SnapshotStore snapshotStore = new InMemorySnapshotStore();
        SnapshotOptions<Account> snapshots = SnapshotOptions.of(snapshotStore, Account.SNAPSHOT)
                .withPolicy(SnapshotPolicy.afterReplayingMoreThan(100))   // the default
                .withExecutor(Runnable::run);                             // tests: write before returning
        AggregateRepository<Account, AccountEvent> accounts = new AggregateRepository<>(store, codec, Account.TYPE,
                RepositoryOptions.<Account>defaults().withSnapshots(snapshots));

        accounts.save(Account.open("42", "ann@example.com", "Ann", "USD"));
        for (int i = 0; i < 150; i++) {
            accounts.update("42", account -> account.deposit(new BigDecimal("1.00"), "USD"));
        }
        // The update that loaded more than 100 events took a snapshot (at version 101); every
        // load since starts from it and replays only the events after it.
        Account account = accounts.load("42");

        SnapshotStatistics statistics = accounts.snapshotStatistics(); // taken, failed, ignored, used
        assertThat(account.balance()).isEqualTo(new BigDecimal("150.00"));
        assertThat(statistics.taken()).isEqualTo(1);
        assertThat(statistics.used()).isEqualTo(49 + 1);
        assertThat(snapshotStore.loadLatest(Account.TYPE.streamId("42")).orElseThrow().version()).isEqualTo(101);

        // After a change of AccountSnapshot that its revision does not express:
        long deleted = accounts.deleteSnapshots();   // = snapshotStore.deleteAllOfType("AccountSnapshot")
        assertThat(deleted).isEqualTo(1);
        assertThat(accounts.load("42").version()).isEqualTo(151);
    }

    @Test
    void policies_every_n_events_and_custom() {
        SnapshotPolicy everyFifty = SnapshotPolicy.everyEvents(50);
        SnapshotPolicy both = SnapshotPolicy.everyEvents(1_000).or(SnapshotPolicy.afterReplayingMoreThan(200));
        SnapshotPolicy afterBigBatches = trigger -> trigger instanceof SnapshotTrigger.Saved saved
                && saved.version() - saved.previousVersion() > 10;

        assertThat(everyFifty.shouldSnapshot(new SnapshotTrigger.Saved(Account.TYPE.streamId("42"), 49, 50))).isTrue();
        assertThat(both.shouldSnapshot(new SnapshotTrigger.Loaded(Account.TYPE.streamId("42"), 300, 201))).isTrue();
        assertThat(afterBigBatches.shouldSnapshot(new SnapshotTrigger.Saved(Account.TYPE.streamId("42"), 1, 2)))
                .isFalse();
    }
}

package org.eventsourcing4j.examples.bank.domain;

import org.eventsourcing4j.aggregate.RepositoryOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eventsourcing4j.aggregate.AggregateNotFoundException;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.snapshot.SnapshotStatistics;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.testkit.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * Random command sequences (seeded, so a failure names its seed and replays exactly): a
 * repository with snapshots and one without must give the same account — now, at any
 * version and as of any instant — whatever the policy, the retention and the clock, which
 * here also goes back now and then.
 */
class AccountSnapshotEquivalenceTest {

    private static final int SEQUENCES = 200;
    private static final String ID = "42";
    private static final StreamId STREAM = StreamId.of("account-42");
    private static final JacksonEventCodec CODEC = new JacksonEventCodec(AccountEvents.registry());

    @Test
    void snapshot_loads_equal_full_replays_for_random_command_sequences() {
        long used = 0;
        long taken = 0;
        for (long seed = 1; seed <= SEQUENCES; seed++) {
            SnapshotStatistics statistics = runSequence(seed);
            used += statistics.used();
            taken += statistics.taken();
        }
        assertThat(taken).as("snapshots taken over all sequences").isGreaterThan(SEQUENCES);
        assertThat(used).as("loads that started from a snapshot").isGreaterThan(SEQUENCES * 5L);
    }

    private SnapshotStatistics runSequence(long seed) {
        Random random = new Random(seed);
        MutableClock clock = MutableClock.startingAt2026();
        InMemoryEventStore store = new InMemoryEventStore(clock);
        JacksonEventCodec codec = CODEC;
        AggregateRepository<Account, AccountEvent> replayed =
                new AggregateRepository<>(store, codec, Account.TYPE, RepositoryOptions.<Account>defaults().withRetry(RetryPolicy.noRetry()));
        SnapshotOptions<Account> options = SnapshotOptions.of(
                        new InMemorySnapshotStore(1 + random.nextInt(4)), Account.SNAPSHOT)
                .withPolicy(randomPolicy(random)).withExecutor(Runnable::run).withClock(clock);
        AggregateRepository<Account, AccountEvent> snapshotted =
                new AggregateRepository<>(store, codec, Account.TYPE, RepositoryOptions.<Account>defaults().withRetry(RetryPolicy.noRetry()).withSnapshots(options));
        String currency = random.nextBoolean() ? "USD" : (random.nextBoolean() ? "JPY" : "BHD");

        snapshotted.save(Account.open(ID, "ann@example.com", "Ann", currency));
        int commands = 20 + random.nextInt(100);
        for (int i = 0; i < commands; i++) {
            moveClock(clock, random);
            runRandomCommand(snapshotted, random, currency);
            if (random.nextInt(10) == 0) {
                assertSame(seed, "latest", snapshotted.load(ID), replayed.load(ID));
            }
        }
        compareEverywhere(seed, random, store, snapshotted, replayed);
        return snapshotted.snapshotStatistics();
    }

    private static SnapshotPolicy randomPolicy(Random random) {
        switch (random.nextInt(3)) {
            case 0:
                return SnapshotPolicy.everyEvents(1 + random.nextInt(10));
            case 1:
                return SnapshotPolicy.afterReplayingMoreThan(1 + random.nextInt(10));
            default:
                return SnapshotPolicy.everyEvents(1 + random.nextInt(20))
                        .or(SnapshotPolicy.afterReplayingMoreThan(1 + random.nextInt(20)));
        }
    }

    private static void moveClock(MutableClock clock, Random random) {
        int roll = random.nextInt(20);
        if (roll == 0) {
            clock.advance(Duration.ofMillis(-1 - random.nextInt(5_000))); // the store's clock goes back
        } else if (roll > 3) {
            clock.advance(Duration.ofNanos(1_000 * (1 + random.nextInt(3_000_000))));
        } // else: the same instant again
    }

    /** Any command, valid or not: a refused one raises nothing and saves nothing. */
    private static void runRandomCommand(AggregateRepository<Account, AccountEvent> accounts, Random random,
                                         String currency) {
        int roll = random.nextInt(100);
        try {
            if (roll < 50) {
                accounts.update(ID, a -> a.deposit(randomAmount(random, currency), currency));
            } else if (roll < 85) {
                accounts.update(ID, a -> a.withdraw(randomAmount(random, currency), currency));
            } else if (roll < 90) {
                accounts.update(ID, a -> a.withdraw(a.balance().max(BigDecimal.ONE), currency));
            } else if (roll < 93) {
                accounts.update(ID, a -> a.close("done " + random.nextInt(10)));
            } else if (roll < 96) {
                accounts.update(ID, a -> a.deposit(BigDecimal.TEN, "EUR")); // another currency
            } else {
                accounts.update(ID, a -> a.open("bob@example.com", "Bob"));
            }
        } catch (AccountException refused) {
            assertThat(refused.rule()).isNotNull();
        }
    }

    private static BigDecimal randomAmount(Random random, String currency) {
        int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        return BigDecimal.valueOf(1 + random.nextInt(50_000), digits);
    }

    private static void compareEverywhere(long seed, Random random, InMemoryEventStore store,
                                          AggregateRepository<Account, AccountEvent> snapshotted,
                                          AggregateRepository<Account, AccountEvent> replayed) {
        assertSame(seed, "latest", snapshotted.load(ID), replayed.load(ID));
        List<RecordedEvent> events;
        try (Stream<RecordedEvent> all = store.readStream(STREAM)) {
            events = all.collect(Collectors.toList());
        }
        for (int i = 0; i < 8; i++) {
            long version = 1 + random.nextInt(events.size());
            assertSame(seed, "at version " + version, snapshotted.loadAt(ID, version), replayed.loadAt(ID, version));
        }
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Instant recorded = events.get(random.nextInt(events.size())).recordedAt();
            instants.add(recorded.plusNanos(1_000L * (random.nextInt(3) - 1)));
        }
        instants.add(events.get(0).recordedAt().minusSeconds(10));
        for (Instant instant : instants) {
            Optional<Account> expected = asOf(replayed, instant);
            Optional<Account> actual = asOf(snapshotted, instant);
            assertThat(actual.isPresent()).as("seed %d, as of %s: found", seed, instant).isEqualTo(expected.isPresent());
            if (expected.isPresent()) {
                assertSame(seed, "as of " + instant, actual.get(), expected.get());
            }
        }
    }

    private static Optional<Account> asOf(AggregateRepository<Account, AccountEvent> accounts, Instant instant) {
        try {
            return Optional.of(accounts.loadAsOf(ID, instant));
        } catch (AggregateNotFoundException notYetOpened) {
            return Optional.empty();
        }
    }

    private static void assertSame(long seed, String where, Account actual, Account expected) {
        assertThat(actual.version()).as("seed %d, %s: version", seed, where).isEqualTo(expected.version());
        assertThat(actual.snapshot()).as("seed %d, %s: state", seed, where).isEqualTo(expected.snapshot());
        assertThat(actual.uncommittedEvents()).isEmpty();
    }
}

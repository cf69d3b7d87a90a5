package org.eventsourcing4j.examples.bank.domain;

import org.eventsourcing4j.aggregate.RepositoryOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.examples.bank.domain.AccountTest.amount;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.aggregate.AggregateNotFoundException;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.testkit.MutableClock;
import org.junit.jupiter.api.Test;

/** Account snapshots: their stored form, and time travel before and after one. */
class AccountSnapshotTest {

    private static final StreamId STREAM = StreamId.of("account-42");

    private final MutableClock clock = MutableClock.startingAt2026();
    private final InMemoryEventStore store = new InMemoryEventStore(clock);
    private final JacksonEventCodec codec = new JacksonEventCodec(AccountEvents.registry());
    private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore(10);
    private final AggregateRepository<Account, AccountEvent> accounts = new AggregateRepository<>(store, codec, Account.TYPE, RepositoryOptions.<Account>defaults().withRetry(RetryPolicy.noRetry()).withSnapshots(SnapshotOptions.of(snapshots, Account.SNAPSHOT)
                    .withPolicy(SnapshotPolicy.never()).withExecutor(Runnable::run).withClock(clock)));
    private final AggregateRepository<Account, AccountEvent> fullReplay =
            new AggregateRepository<>(store, codec, Account.TYPE, RepositoryOptions.<Account>defaults().withRetry(RetryPolicy.noRetry()));

    @Test
    void an_account_snapshot_is_its_state_as_json_revision_1() {
        accounts.save(Account.open("42", "ann@example.com", "Ann", "EUR"));
        accounts.update("42", account -> account.deposit(amount("100"), "EUR"));

        Snapshot snapshot = accounts.takeSnapshot("42");

        assertThat(snapshot.type()).isEqualTo("AccountSnapshot");
        assertThat(snapshot.revision()).isEqualTo(1);
        assertThat(snapshot.version()).isEqualTo(2);
        assertThat(snapshot.dataAsString()).isEqualTo("{\"status\":\"ACTIVE\",\"email\":\"ann@example.com\","
                + "\"name\":\"Ann\",\"currency\":\"EUR\",\"balance\":100.00,\"closeReason\":null}");
    }

    @Test
    void a_closed_account_comes_back_from_its_snapshot_exactly() {
        accounts.save(Account.open("42", "ann@example.com", "Ann", "JPY"));
        accounts.update("42", account -> account.deposit(amount("500"), "JPY"));
        accounts.update("42", account -> account.withdraw(amount("500"), "JPY"));
        accounts.update("42", account -> account.close("moving abroad"));
        accounts.takeSnapshot("42");

        Account restored = accounts.load("42");

        assertThat(accounts.snapshotStatistics().used()).isEqualTo(1);
        assertThat(restored.status()).isEqualTo(AccountStatus.CLOSED);
        assertThat(restored.closeReason()).contains("moving abroad");
        assertThat(restored.balance()).isEqualTo(amount("0"));
        assertThat(restored.snapshot()).isEqualTo(fullReplay.load("42").snapshot());
        assertThatThrownBy(() -> restored.deposit(amount("1"), "JPY")).isInstanceOf(AccountStateException.class);
    }

    @Test
    void time_travel_by_version_uses_a_snapshot_only_at_or_before_the_version() {
        history(10);
        accounts.takeSnapshot("42");                      // at version 10

        assertLoadAt(3, false);
        assertLoadAt(9, false);
        assertLoadAt(10, true);
        assertThatThrownBy(() -> accounts.loadAt("42", 11)).isInstanceOf(AggregateNotFoundException.class);

        accounts.update("42", account -> account.deposit(amount("1"), "EUR"));   // version 11
        assertLoadAt(11, true);
        assertThat(accounts.load("42").version()).isEqualTo(11);
    }

    @Test
    void time_travel_by_instant_uses_a_snapshot_only_when_all_its_events_were_recorded_by_then() {
        List<Instant> recorded = history(10);             // one event a minute
        accounts.takeSnapshot("42");                      // at version 10
        clock.advance(Duration.ofMinutes(1));
        accounts.update("42", account -> account.deposit(amount("1"), "EUR"));   // version 11
        Instant eleventh = clock.instant();

        assertLoadAsOf(recorded.get(4), 5, false);
        assertLoadAsOf(recorded.get(9).minusNanos(1_000), 9, false);
        assertLoadAsOf(recorded.get(9), 10, true);
        assertLoadAsOf(eleventh.minusNanos(1_000), 10, true);
        assertLoadAsOf(eleventh, 11, true);
        assertThatThrownBy(() -> accounts.loadAsOf("42", recorded.get(0).minusNanos(1_000)))
                .isInstanceOf(AggregateNotFoundException.class);
    }

    @Test
    void after_the_clock_went_back_a_snapshot_is_not_used_for_an_instant_before_one_of_its_events() {
        Instant opened = clock.instant();
        accounts.save(Account.open("42", "ann@example.com", "Ann", "EUR"));                  // v1 at t
        clock.set(opened.plus(Duration.ofMinutes(5)));
        accounts.update("42", account -> account.deposit(amount("100"), "EUR"));            // v2 at t+5
        clock.set(opened.plus(Duration.ofMinutes(1)));                                      // set back
        accounts.update("42", account -> account.deposit(amount("1"), "EUR"));              // v3 at t+1
        Snapshot snapshot = accounts.takeSnapshot("42");

        Account asOfTwoMinutes = accounts.loadAsOf("42", opened.plus(Duration.ofMinutes(2)));

        // v3 was recorded before the instant, but v2 after it: the state then is v1, as a full
        // replay says; a snapshot at v3 would have included v2.
        assertThat(snapshot.recordedUntil()).isEqualTo(store.readStream(STREAM).skip(1).findFirst().orElseThrow()
                .recordedAt());
        assertThat(asOfTwoMinutes.version()).isEqualTo(1);
        assertThat(asOfTwoMinutes.balance()).isEqualTo(amount("0.00"));
        assertThat(accounts.snapshotStatistics().used()).isZero();
        assertThat(accounts.loadAsOf("42", opened.plus(Duration.ofMinutes(5))).version()).isEqualTo(3);
        assertThat(accounts.snapshotStatistics().used()).isEqualTo(1);
    }

    /** Opens account 42 if needed, then deposits 1 EUR until it has {@code events} events, one a minute. */
    private List<Instant> history(int events) {
        List<Instant> recorded = new ArrayList<>();
        if (store.currentVersion(STREAM) == 0 && events > 0) {
            recorded.add(clock.instant());
            fullReplay.save(Account.open("42", "ann@example.com", "Ann", "EUR"));
        }
        while (store.currentVersion(STREAM) < events) {
            recorded.add(clock.advance(Duration.ofMinutes(1)));
            fullReplay.update("42", account -> account.deposit(amount("1"), "EUR"));
        }
        return recorded;
    }

    private void assertLoadAt(long version, boolean fromSnapshot) {
        long usedBefore = accounts.snapshotStatistics().used();
        Account account = accounts.loadAt("42", version);
        assertThat(account.snapshot()).isEqualTo(fullReplay.loadAt("42", version).snapshot());
        assertThat(account.version()).isEqualTo(version);
        assertThat(accounts.snapshotStatistics().used() - usedBefore)
                .as("version %d from the snapshot", version).isEqualTo(fromSnapshot ? 1 : 0);
    }

    private void assertLoadAsOf(Instant instant, long version, boolean fromSnapshot) {
        long usedBefore = accounts.snapshotStatistics().used();
        Account account = accounts.loadAsOf("42", instant);
        assertThat(account.version()).as("version as of %s", instant).isEqualTo(version);
        assertThat(account.snapshot()).isEqualTo(fullReplay.loadAsOf("42", instant).snapshot());
        assertThat(accounts.snapshotStatistics().used() - usedBefore)
                .as("as of %s from the snapshot", instant).isEqualTo(fromSnapshot ? 1 : 0);
    }
}

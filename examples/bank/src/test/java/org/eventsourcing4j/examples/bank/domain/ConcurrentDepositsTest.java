package org.eventsourcing4j.examples.bank.domain;

import org.eventsourcing4j.aggregate.RepositoryOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eventsourcing4j.examples.bank.domain.AccountTest.amount;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.testkit.Race;
import org.junit.jupiter.api.RepeatedTest;

/** Many clients writing to one account at once, on real threads released by one barrier. */
class ConcurrentDepositsTest {

    private static final int THREADS = 8;
    private static final int DEPOSITS_PER_THREAD = 25;

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final JacksonEventCodec codec = new JacksonEventCodec(AccountEvents.registry());

    @RepeatedTest(3)
    void every_deposit_lands_when_update_retries_conflicts() {
        AggregateRepository<Account, AccountEvent> accounts = new AggregateRepository<>(store, codec, Account.TYPE, RepositoryOptions.<Account>defaults().withRetry(new RetryPolicy(200, Duration.ofNanos(100_000), Duration.ofMillis(20))));
        accounts.save(Account.open("shared", "ann@example.com", "Ann", "USD"));
        AtomicInteger commandRuns = new AtomicInteger();

        List<Race.Outcome<Integer>> outcomes = Race.run(THREADS, thread -> () -> {
            for (int i = 0; i < DEPOSITS_PER_THREAD; i++) {
                accounts.update("shared", account -> {
                    commandRuns.incrementAndGet();
                    account.deposit(amount("1.01"), "USD");
                });
            }
            return DEPOSITS_PER_THREAD;
        });

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.error()).isNull());
        Account account = accounts.load("shared");
        int deposits = THREADS * DEPOSITS_PER_THREAD;
        assertThat(account.balance()).isEqualTo(amount("1.01").multiply(BigDecimal.valueOf(deposits)));
        assertThat(account.version()).isEqualTo(1 + deposits);
        assertThat(commandRuns.get()).isGreaterThanOrEqualTo(deposits);
    }

    @RepeatedTest(3)
    void without_retries_each_writer_either_lands_or_gets_a_conflict_and_nothing_is_lost() {
        AggregateRepository<Account, AccountEvent> accounts =
                new AggregateRepository<>(store, codec, Account.TYPE, RepositoryOptions.<Account>defaults().withRetry(RetryPolicy.noRetry()));
        accounts.save(Account.open("shared", "ann@example.com", "Ann", "USD"));

        List<Race.Outcome<Account>> outcomes = Race.run(THREADS, thread -> {
            Account account = accounts.load("shared"); // every writer starts from version 1
            account.deposit(amount("10.00"), "USD");
            return () -> {
                accounts.save(account);
                return account;
            };
        });

        long landed = outcomes.stream().filter(Race.Outcome::succeeded).count();
        assertThat(landed).isEqualTo(1);
        assertThat(outcomes).filteredOn(outcome -> !outcome.succeeded())
                .allSatisfy(outcome -> assertThat(outcome.error()).isInstanceOf(ConcurrencyConflictException.class));
        assertThat(store.currentVersion(StreamId.of("account-shared"))).isEqualTo(2);
        assertThat(accounts.load("shared").balance()).isEqualTo(amount("10.00"));
    }
}

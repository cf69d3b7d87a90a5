package org.eventsourcing4j.examples.bank.domain;

import org.eventsourcing4j.aggregate.CommandOptions;
import org.eventsourcing4j.aggregate.CommandResult;
import org.eventsourcing4j.aggregate.RepositoryOptions;
import org.eventsourcing4j.aggregate.VersionPrecondition;
import org.eventsourcing4j.store.AppendResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eventsourcing4j.aggregate.AggregateNotFoundException;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.CommandContext;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.testkit.MutableClock;
import org.junit.jupiter.api.Test;

/** The walk-through of docs/aggregates.md, as a test: the snippets there are taken from here. */
class RepositoryUsageTest {

    private final MutableClock clock = MutableClock.startingAt2026();

    @Test
    void the_walk_through_from_the_docs() {
        EventTypeRegistry registry = AccountEvents.registry();
        EventCodec codec = new JacksonEventCodec(registry);
        EventStore store = new InMemoryEventStore(clock);
        AggregateRepository<Account, AccountEvent> accounts = new AggregateRepository<>(store, codec, Account.TYPE,
                RepositoryOptions.<Account>defaults().withRetry(RetryPolicy.attempts(5)));

        // Create: a new aggregate is saved expecting that its stream does not exist yet.
        Account account = Account.open("42", "ann@example.com", "Ann", "EUR");
        accounts.create(account, CommandOptions.DEFAULTS.withContext(CommandContext.command("open-42")));

        // Change: load the latest state, check the caller's precondition, run the command,
        // save; run again on a conflict with another writer. An idempotency key makes a
        // command sent twice (a client retrying after a lost response) take effect once.
        CommandOptions deposit = CommandOptions.DEFAULTS
                .withContext(CommandContext.newCommand().withHeader("user", "ann"))
                .withPrecondition(VersionPrecondition.exactly(1))   // an HTTP If-Match: "1"
                .withIdempotencyKey("deposit-7f3a");
        CommandResult<Account> result = accounts.execute("42", deposit,
                a -> a.deposit(new BigDecimal("100.00"), "EUR"));
        BigDecimal balance = result.aggregate().balance();         // 100.00
        AppendResult appended = result.appended().orElseThrow();   // version 2, its position, when
        CommandResult<Account> again = accounts.execute("42", deposit,
                a -> a.deposit(new BigDecimal("100.00"), "EUR"));  // again.replayed(): nothing new

        // Read: load fails with AggregateNotFoundException, find returns an Optional.
        Account loaded = accounts.load("42");
        Optional<Account> missing = accounts.find("no-such-account");

        assertThat(balance).isEqualTo(new BigDecimal("100.00"));
        assertThat(loaded.version()).isEqualTo(2);
        assertThat(appended.streamVersion()).isEqualTo(2);
        assertThat(appended.recordedAt()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(again.replayed()).isTrue();
        assertThat(again.appended()).contains(appended);
        assertThat(again.aggregate().balance()).isEqualTo(new BigDecimal("100.00"));
        assertThat(missing).isEmpty();
        assertThatThrownBy(() -> accounts.load("no-such-account")).isInstanceOf(AggregateNotFoundException.class);
    }

    @Test
    void time_travel_from_the_docs() {
        AggregateRepository<Account, AccountEvent> accounts = new AggregateRepository<>(
                new InMemoryEventStore(clock), new JacksonEventCodec(AccountEvents.registry()), Account.TYPE);
        accounts.save(Account.open("42", "ann@example.com", "Ann", "EUR"));
        Instant beforeDeposit = clock.advance(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        accounts.update("42", a -> a.deposit(new BigDecimal("100.00"), "EUR"));

        Account atVersion1 = accounts.loadAt("42", 1);               // right after the account was opened
        Account asOfThen = accounts.loadAsOf("42", beforeDeposit);   // every event recorded at or before then

        assertThat(atVersion1.balance()).isEqualTo(new BigDecimal("0.00"));
        assertThat(asOfThen.balance()).isEqualTo(new BigDecimal("0.00"));
        assertThat(accounts.load("42").balance()).isEqualTo(new BigDecimal("100.00"));
    }
}

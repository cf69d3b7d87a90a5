package org.eventsourcing4j.examples.bank.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.examples.bank.domain.AccountTest.amount;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eventsourcing4j.aggregate.AggregateNotFoundException;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.CommandContext;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.serialization.UnknownEventTypeException;
import org.eventsourcing4j.serialization.Upcaster;
import org.eventsourcing4j.serialization.UpcastingException;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.testkit.MutableClock;
import org.junit.jupiter.api.Test;

/** Accounts through the repository and a real (in-memory) store. */
class AccountRepositoryTest {

    private static final StreamId STREAM = StreamId.of("account-42");

    private final MutableClock clock = MutableClock.startingAt2026();
    private final InMemoryEventStore store = new InMemoryEventStore(clock);
    private final AggregateRepository<Account, AccountEvent> accounts =
            new AggregateRepository<>(store, new JacksonEventCodec(AccountEvents.registry()), Account.TYPE);

    @Test
    void time_travel_by_version_and_by_instant() {
        Instant opened = clock.instant();
        accounts.save(Account.open("42", "ann@example.com", "Ann", "EUR"));          // v1
        Instant firstDeposit = clock.advance(Duration.ofHours(1));
        accounts.update("42", account -> account.deposit(amount("100"), "EUR"));     // v2
        Instant withdrawal = clock.advance(Duration.ofDays(1));
        accounts.update("42", account -> account.withdraw(amount("30.25"), "EUR"));  // v3
        Instant secondDeposit = clock.advance(Duration.ofMinutes(5));
        accounts.update("42", account -> account.deposit(amount("0.25"), "EUR"));    // v4

        assertThat(accounts.loadAt("42", 1).balance()).isEqualTo(amount("0.00"));
        assertThat(accounts.loadAt("42", 2).balance()).isEqualTo(amount("100.00"));
        assertThat(accounts.loadAt("42", 3).balance()).isEqualTo(amount("69.75"));
        assertThat(accounts.loadAt("42", 4).balance()).isEqualTo(amount("70.00"));
        assertThat(accounts.load("42").balance()).isEqualTo(amount("70.00"));

        assertThatThrownBy(() -> accounts.loadAsOf("42", opened.minusSeconds(1)))
                .isInstanceOf(AggregateNotFoundException.class);
        assertThat(accounts.loadAsOf("42", opened).version()).isEqualTo(1);
        assertThat(accounts.loadAsOf("42", firstDeposit.minusMillis(1)).balance()).isEqualTo(amount("0.00"));
        assertThat(accounts.loadAsOf("42", firstDeposit).balance()).isEqualTo(amount("100.00"));
        assertThat(accounts.loadAsOf("42", withdrawal.minusSeconds(60)).version()).isEqualTo(2);
        assertThat(accounts.loadAsOf("42", withdrawal).balance()).isEqualTo(amount("69.75"));
        assertThat(accounts.loadAsOf("42", secondDeposit.plusSeconds(1)).version()).isEqualTo(4);
    }

    @Test
    void a_stale_save_is_refused_and_writes_nothing() {
        accounts.save(Account.open("42", "ann@example.com", "Ann", "USD"));
        accounts.update("42", account -> account.deposit(amount("50"), "USD"));
        Account atm = accounts.load("42");
        Account teller = accounts.load("42");
        atm.withdraw(amount("50"), "USD");
        teller.withdraw(amount("50"), "USD");
        accounts.save(atm);

        assertThatThrownBy(() -> accounts.save(teller)).isInstanceOf(ConcurrencyConflictException.class);
        assertThat(store.currentVersion(STREAM)).isEqualTo(3);
        assertThat(accounts.load("42").balance()).isEqualTo(amount("0.00"));
    }

    @Test
    void events_carry_the_commands_correlation_and_the_stores_timestamp() {
        accounts.save(Account.open("42", "ann@example.com", "Ann", "USD"),
                CommandContext.command("open-42", "signup-9").withHeader("channel", "web"));

        RecordedEvent created = store.readStream(STREAM).findFirst().orElseThrow();
        assertThat(created.metadata().correlationId()).isEqualTo("signup-9");
        assertThat(created.metadata().causationId()).isEqualTo("open-42");
        assertThat(created.metadata().headers()).containsEntry("channel", "web");
        assertThat(created.recordedAt()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(created.dataAsString())
                .isEqualTo("{\"email\":\"ann@example.com\",\"name\":\"Ann\",\"currency\":\"USD\"}");
        assertThat(created.revision()).isEqualTo(2);
    }

    @Test
    void reads_events_written_under_revision_1_without_rewriting_them() {
        // The old system's format: no currency anywhere, amounts as JSON numbers.
        store.append(STREAM, ExpectedVersion.noStream(),
                revision1("AccountCreated", "{\"email\":\"ann@example.com\",\"name\":\"Ann\"}"),
                revision1("MoneyDeposited", "{\"amount\":120.50}"),
                revision1("MoneyWithdrawn", "{\"amount\":20.25}"));
        accounts.update("42", account -> account.deposit(amount("1.00"), "USD")); // written at revision 2

        Account account = accounts.load("42");

        assertThat(account.currency()).isEqualTo(AccountTest.USD);
        assertThat(account.balance()).isEqualTo(amount("101.25"));
        assertThat(account.version()).isEqualTo(4);
        assertThat(store.readStream(STREAM).map(RecordedEvent::revision)).containsExactly(1, 1, 1, 2);
        assertThat(store.readStream(STREAM).skip(1).findFirst().orElseThrow().dataAsString())
                .isEqualTo("{\"amount\":120.50}");
    }

    @Test
    void an_unregistered_type_on_read_fails_the_load_naming_the_event() {
        accounts.save(Account.open("42", "ann@example.com", "Ann", "USD"));
        store.append(STREAM, ExpectedVersion.exactly(1), EventData.of("InterestPaid", "{\"amount\":1.00}"));

        assertThatThrownBy(() -> accounts.load("42"))
                .isInstanceOfSatisfying(UnknownEventTypeException.class, e -> {
                    assertThat(e.stream()).isEqualTo(STREAM);
                    assertThat(e.version()).isEqualTo(2);
                    assertThat(e.type()).isEqualTo("InterestPaid");
                })
                .hasMessage("cannot read event InterestPaid r1 at version 2 of stream 'account-42':"
                        + " type 'InterestPaid' is not registered");
    }

    @Test
    void an_upcaster_that_throws_fails_the_load_naming_the_upcaster_and_the_event() {
        EventTypeRegistry strict = EventTypeRegistry.builder()
                .register(AccountCreated.class, "AccountCreated", 2)
                .register(MoneyDeposited.class, "MoneyDeposited", 2)
                .register(MoneyWithdrawn.class, "MoneyWithdrawn", 2)
                .register(AccountClosed.class, "AccountClosed")
                .upcaster(Upcaster.nextRevision("AccountCreated", 1, AccountEvents::addLegacyCurrency))
                .upcaster(Upcaster.of("MoneyDeposited r1 -> r2 (refuses)", "MoneyDeposited", 1, event -> {
                    throw new IllegalArgumentException("currency unknown for " + event.data());
                }))
                .build();
        AggregateRepository<Account, AccountEvent> strictAccounts =
                new AggregateRepository<>(store, new JacksonEventCodec(strict), Account.TYPE);
        store.append(STREAM, ExpectedVersion.noStream(),
                revision1("AccountCreated", "{\"email\":\"ann@example.com\",\"name\":\"Ann\"}"),
                revision1("MoneyDeposited", "{\"amount\":5}"));

        assertThatThrownBy(() -> strictAccounts.load("42"))
                .isInstanceOfSatisfying(UpcastingException.class, e -> {
                    assertThat(e.upcaster()).isEqualTo("MoneyDeposited r1 -> r2 (refuses)");
                    assertThat(e.version()).isEqualTo(2);
                    assertThat(e.getCause()).hasMessage("currency unknown for {\"amount\":5}");
                })
                .hasMessageStartingWith("cannot read event MoneyDeposited r1 at version 2 of stream 'account-42':"
                        + " upcaster 'MoneyDeposited r1 -> r2 (refuses)' threw");
    }

    private static EventData revision1(String type, String json) {
        return new EventData(UUID.randomUUID(), type, 1, json.getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
    }
}

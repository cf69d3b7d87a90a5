package org.eventsourcing4j.aggregate;

import org.eventsourcing4j.store.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eventsourcing4j.aggregate.Tally.Counted;
import org.eventsourcing4j.aggregate.Tally.Started;
import org.eventsourcing4j.aggregate.Tally.Stopped;
import org.eventsourcing4j.serialization.EventDecodingException;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.serialization.UnknownEventTypeException;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;

class AggregateRepositoryTest {

    /** Another aggregate's event, registered too, to check a stream holds only its own type. */
    record Unrelated(String note) {
    }

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final StreamId STREAM = StreamId.of("tally-t1");

    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryEventStore store = new InMemoryEventStore(clock);
    private final JacksonEventCodec codec = new JacksonEventCodec(EventTypeRegistry.builder()
            .register(Started.class, "TallyStarted")
            .register(Counted.class, "TallyCounted")
            .register(Stopped.class, "TallyStopped")
            .register(Unrelated.class, "Unrelated")
            .build());
    private final AggregateRepository<Tally, Tally.Event> tallies =
            new AggregateRepository<>(store, codec, Tally.TYPE, RepositoryOptions.<Tally>defaults().withRetry(RetryPolicy.noRetry()));

    @Test
    void saves_a_new_aggregate_and_loads_it_back() {
        Tally tally = new Tally("t1");
        tally.start("visitors");
        tally.count(2);

        AppendResult result = tallies.save(tally).orElseThrow();

        assertThat(result.streamVersion()).isEqualTo(2);
        assertThat(tally.version()).isEqualTo(2);
        assertThat(tally.uncommittedEvents()).isEmpty();
        Tally loaded = tallies.load("t1");
        assertThat(loaded.label()).isEqualTo("visitors");
        assertThat(loaded.total()).isEqualTo(2);
        assertThat(loaded.version()).isEqualTo(2);
        assertThat(loaded.uncommittedEvents()).isEmpty();
    }

    @Test
    void the_infrastructure_gives_each_event_an_id_a_timestamp_and_the_command_metadata() {
        Tally tally = new Tally("t1");
        tally.start("visitors");
        tally.count(1);
        CommandContext context = CommandContext.command("cmd-7", "conversation-1").withHeader("user", "ann");

        tallies.save(tally, context);

        List<RecordedEvent> stored = storedEvents();
        assertThat(stored).extracting(RecordedEvent::type).containsExactly("TallyStarted", "TallyCounted");
        assertThat(stored).extracting(RecordedEvent::eventId).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(stored).extracting(RecordedEvent::recordedAt).containsOnly(T0);
        assertThat(stored).extracting(RecordedEvent::metadata)
                .containsOnly(new Metadata("conversation-1", "cmd-7", Map.of("user", "ann")));
    }

    @Test
    void events_without_an_idempotency_key_get_time_ordered_ids_in_their_order_and_with_a_key_derived_ones() {
        Tally tally = new Tally("t1");
        tally.start("visitors");
        tally.count(1);
        tally.count(2);
        tallies.save(tally);
        tallies.execute("t1", CommandOptions.DEFAULTS.withIdempotencyKey("count-3"), t -> t.count(3));

        List<UUID> ids = storedEvents().stream().map(RecordedEvent::eventId).toList();
        assertThat(ids.subList(0, 3)).allSatisfy(id -> assertThat(id.version()).isEqualTo(7)).isSorted();
        assertThat(ids.get(3).version()).as("derived from the idempotency key").isEqualTo(8);
        assertThat(ids.get(3)).isEqualTo(CommandEventIds.of(STREAM, "count-3", 0));
    }

    @Test
    void a_command_reacting_to_an_event_keeps_its_correlation_and_names_it_as_cause() {
        Tally tally = new Tally("t1");
        tally.start("visitors");
        tallies.save(tally, CommandContext.command("cmd-1"));
        RecordedEvent started = storedEvents().get(0);

        tallies.update("t1", CommandContext.reactingTo(started), t -> t.count(1));

        RecordedEvent counted = storedEvents().get(1);
        assertThat(started.metadata()).isEqualTo(new Metadata("cmd-1", "cmd-1", Map.of()));
        assertThat(counted.metadata()).isEqualTo(new Metadata("cmd-1", started.eventId().toString(), Map.of()));
    }

    @Test
    void an_aggregate_without_events_is_not_found() {
        assertThat(tallies.find("nobody")).isEmpty();
        assertThatThrownBy(() -> tallies.load("nobody"))
                .isInstanceOfSatisfying(AggregateNotFoundException.class, e -> {
                    assertThat(e.aggregateId()).isEqualTo("nobody");
                    assertThat(e.stream()).isEqualTo(StreamId.of("tally-nobody"));
                })
                .hasMessage("aggregate 'nobody' not found: stream 'tally-nobody' has no events");
    }

    @Test
    void saving_nothing_writes_nothing() {
        saveStartedTally();
        Tally loaded = tallies.load("t1");

        assertThat(tallies.save(loaded)).isEmpty();
        assertThat(store.currentVersion(STREAM)).isEqualTo(1);
    }

    @Test
    void a_stale_save_is_a_conflict_and_writes_nothing() {
        saveStartedTally();
        Tally first = tallies.load("t1");
        Tally second = tallies.load("t1");
        first.count(1);
        second.count(10);
        tallies.save(first);

        assertThatThrownBy(() -> tallies.save(second))
                .isInstanceOfSatisfying(ConcurrencyConflictException.class, e -> {
                    assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(1));
                    assertThat(e.actualVersion()).isEqualTo(2);
                });
        assertThat(store.currentVersion(STREAM)).isEqualTo(2);
        assertThat(tallies.load("t1").total()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(1);
        assertThat(second.uncommittedEvents()).containsExactly(new Counted(10));
    }

    @Test
    void creating_an_aggregate_that_exists_is_a_conflict() {
        saveStartedTally();
        Tally again = new Tally("t1");
        again.start("other");

        assertThatThrownBy(() -> tallies.save(again)).isInstanceOf(ConcurrencyConflictException.class);
        assertThat(tallies.load("t1").label()).isEqualTo("visitors");
    }

    @Test
    void loads_the_state_at_each_version() {
        saveStartedTally();
        for (int amount = 1; amount <= 3; amount++) {
            int next = amount;
            tallies.update("t1", t -> t.count(next));
        }

        assertThat(tallies.loadAt("t1", 1).total()).isZero();
        assertThat(tallies.loadAt("t1", 2).total()).isEqualTo(1);
        assertThat(tallies.loadAt("t1", 3).total()).isEqualTo(3);
        assertThat(tallies.loadAt("t1", 4).total()).isEqualTo(6);
        assertThat(tallies.loadAt("t1", 3).version()).isEqualTo(3);
        assertThatThrownBy(() -> tallies.loadAt("t1", 5))
                .isInstanceOf(AggregateNotFoundException.class)
                .hasMessageContaining("has no version 5; its latest is 4");
        assertThatThrownBy(() -> tallies.loadAt("t1", 0)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> tallies.loadAt("nobody", 1)).isInstanceOf(AggregateNotFoundException.class);
    }

    @Test
    void a_historical_state_cannot_be_saved_over_newer_events() {
        saveStartedTally();
        tallies.update("t1", t -> t.count(1));
        Tally old = tallies.loadAt("t1", 1);
        old.count(5);

        assertThatThrownBy(() -> tallies.save(old)).isInstanceOf(ConcurrencyConflictException.class);
    }

    @Test
    void loads_the_state_as_of_an_instant() {
        saveStartedTally(); // at T0
        clock.set(T0.plusSeconds(10));
        tallies.update("t1", t -> t.count(1));
        clock.set(T0.plusSeconds(20));
        tallies.update("t1", t -> t.count(2));

        assertThatThrownBy(() -> tallies.loadAsOf("t1", T0.minusNanos(1000)))
                .isInstanceOf(AggregateNotFoundException.class)
                .hasMessageContaining("has no events recorded at or before");
        assertThat(tallies.loadAsOf("t1", T0).version()).isEqualTo(1);
        assertThat(tallies.loadAsOf("t1", T0.plusSeconds(9)).total()).isZero();
        assertThat(tallies.loadAsOf("t1", T0.plusSeconds(10)).total()).isEqualTo(1);
        assertThat(tallies.loadAsOf("t1", T0.plusSeconds(19)).version()).isEqualTo(2);
        assertThat(tallies.loadAsOf("t1", T0.plusSeconds(3600)).total()).isEqualTo(3);
    }

    @Test
    void as_of_an_instant_stops_before_an_event_recorded_later_even_if_the_clock_went_back() {
        saveStartedTally(); // at T0
        clock.set(T0.plusSeconds(60));
        tallies.update("t1", t -> t.count(1)); // version 2 at T0 + 60 s
        clock.set(T0.plusSeconds(30)); // the clock was corrected backwards
        tallies.update("t1", t -> t.count(2)); // version 3 at T0 + 30 s

        Tally asOf = tallies.loadAsOf("t1", T0.plusSeconds(45));

        assertThat(asOf.version()).isEqualTo(1);
        assertThat(asOf.total()).isZero();
    }

    @Test
    void a_stream_with_an_unregistered_type_fails_to_load_naming_the_event() {
        saveStartedTally();
        store.append(STREAM, ExpectedVersion.exactly(1), EventData.of("TallyDoubled", "{}"));

        assertThatThrownBy(() -> tallies.load("t1"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessage("cannot read event TallyDoubled r1 at version 2 of stream 'tally-t1':"
                        + " type 'TallyDoubled' is not registered");
    }

    @Test
    void a_stream_with_another_aggregates_event_fails_to_load() {
        saveStartedTally();
        store.append(STREAM, ExpectedVersion.exactly(1), EventData.of("Unrelated", "{\"note\":\"hi\"}"));

        assertThatThrownBy(() -> tallies.load("t1"))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("at version 2 of stream 'tally-t1'")
                .hasMessageContaining("which is not a " + Tally.Event.class.getName());
    }

    @Test
    void update_runs_the_command_on_the_latest_state_and_retries_conflicts() {
        saveStartedTally();
        AggregateRepository<Tally, Tally.Event> retrying =
                new AggregateRepository<>(store, codec, Tally.TYPE, RepositoryOptions.<Tally>defaults().withRetry(RetryPolicy.attempts(3)));
        AtomicInteger attempts = new AtomicInteger();

        Tally updated = retrying.update("t1", tally -> {
            if (attempts.incrementAndGet() < 3) {
                competingCount(); // another writer gets in between our load and our save
            }
            tally.count(100);
        });

        assertThat(attempts).hasValue(3);
        assertThat(updated.total()).isEqualTo(102);
        assertThat(updated.version()).isEqualTo(4);
        assertThat(tallies.load("t1").total()).isEqualTo(102);
    }

    @Test
    void update_gives_up_after_the_last_attempt_with_the_conflict() {
        saveStartedTally();
        AggregateRepository<Tally, Tally.Event> retrying =
                new AggregateRepository<>(store, codec, Tally.TYPE, RepositoryOptions.<Tally>defaults().withRetry(RetryPolicy.attempts(3)));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retrying.update("t1", tally -> {
            attempts.incrementAndGet();
            competingCount();
            tally.count(100);
        })).isInstanceOf(ConcurrencyConflictException.class);

        assertThat(attempts).hasValue(3);
        assertThat(tallies.load("t1").total()).isEqualTo(3);
    }

    @Test
    void update_does_not_retry_a_rule_violation() {
        saveStartedTally();
        AggregateRepository<Tally, Tally.Event> retrying =
                new AggregateRepository<>(store, codec, Tally.TYPE, RepositoryOptions.<Tally>defaults().withRetry(RetryPolicy.attempts(5)));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retrying.update("t1", tally -> {
            attempts.incrementAndGet();
            tally.count(-1);
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(attempts).hasValue(1);
        assertThat(store.currentVersion(STREAM)).isEqualTo(1);
        assertThatThrownBy(() -> retrying.update("nobody", Tally::stop)).isInstanceOf(AggregateNotFoundException.class);
    }

    @Test
    void an_aggregate_type_needs_a_category_without_dashes() {
        assertThatThrownBy(() -> AggregateType.of("bank-account", Tally.Event.class, Tally::new))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("contains '-'");
        assertThat(Tally.TYPE.streamId("42")).isEqualTo(StreamId.of("tally-42"));
    }

    private void saveStartedTally() {
        Tally tally = new Tally("t1");
        tally.start("visitors");
        tallies.save(tally);
    }

    private void competingCount() {
        Tally other = tallies.load("t1");
        other.count(1);
        tallies.save(other);
    }

    private List<RecordedEvent> storedEvents() {
        try (var events = store.readStream(STREAM)) {
            return events.collect(Collectors.toList());
        }
    }
}

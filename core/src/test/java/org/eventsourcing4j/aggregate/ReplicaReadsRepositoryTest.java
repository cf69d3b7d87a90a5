package org.eventsourcing4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.aggregate.Tally.Counted;
import org.eventsourcing4j.aggregate.Tally.Started;
import org.eventsourcing4j.aggregate.Tally.Stopped;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.store.ReplicaLagException;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/**
 * The repository on a store whose reads lag behind its appends (a replica): commands stay
 * correct and wait for the replica only when their load may have been stale; readers wait
 * for their own writes with {@code loadAtLeast}. Stores that read where they write never wait
 * (every other repository test).
 */
class ReplicaReadsRepositoryTest {
    private static final Duration WAIT = Duration.ofSeconds(1);
    private static final StreamId STREAM = StreamId.of("tally-t1");

    private final InMemoryEventStore primary = new InMemoryEventStore();
    private final LaggingReplicaStore store = new LaggingReplicaStore(primary);
    private final JacksonEventCodec codec = new JacksonEventCodec(EventTypeRegistry.builder()
            .register(Started.class, "TallyStarted")
            .register(Counted.class, "TallyCounted")
            .register(Stopped.class, "TallyStopped")
            .build());
    private final AggregateRepository<Tally, Tally.Event> tallies = new AggregateRepository<>(store, codec,
            Tally.TYPE, RepositoryOptions.<Tally>defaults().withRetry(RetryPolicy.attempts(2)).withReplicationWait(WAIT));

    @Test
    void a_command_on_an_aggregate_the_replica_does_not_show_yet_waits_for_it_and_succeeds() {
        createTally();
        assertThat(store.currentVersion(STREAM)).as("the replica lags").isZero();

        Tally counted = tallies.update("t1", tally -> tally.count(5));

        assertThat(counted.total()).isEqualTo(5);
        assertThat(primary.currentVersion(STREAM)).isEqualTo(2);
        assertThat(store.waits()).isEqualTo(1);
    }

    @Test
    void a_command_whose_load_was_current_does_not_wait() {
        createTally();
        store.catchUp();

        tallies.update("t1", tally -> tally.count(5));

        assertThat(store.waits()).isZero();
        assertThat(primary.currentVersion(STREAM)).isEqualTo(2);
    }

    @Test
    void a_conflict_caused_by_a_stale_replica_is_run_again_on_the_caught_up_state() {
        createTally();
        store.catchUp();
        countOnThePrimary(1); // the replica still shows version 1
        AtomicInteger runs = new AtomicInteger();

        Tally counted = tallies.update("t1", tally -> {
            runs.incrementAndGet();
            tally.count(10);
        });

        assertThat(runs).as("once on the stale state, once after waiting").hasValue(2);
        assertThat(counted.total()).isEqualTo(11);
        assertThat(counted.version()).isEqualTo(3);
        assertThat(store.waits()).isEqualTo(1);
    }

    @Test
    void a_precondition_on_a_version_the_replica_does_not_show_yet_is_checked_on_the_caught_up_state() {
        createTally();
        store.catchUp();
        countOnThePrimary(1);

        CommandResult<Tally> result = tallies.execute("t1",
                CommandOptions.DEFAULTS.withPrecondition(VersionPrecondition.exactly(2)), tally -> tally.count(3));

        assertThat(result.aggregate().version()).isEqualTo(3);
        assertThat(result.aggregate().total()).isEqualTo(4);
    }

    @Test
    void a_precondition_that_the_caught_up_state_fails_still_fails() {
        createTally();

        assertThatThrownBy(() -> tallies.execute("t1",
                CommandOptions.DEFAULTS.withPrecondition(VersionPrecondition.exactly(5)), tally -> tally.count(3)))
                .isInstanceOfSatisfying(PreconditionFailedException.class,
                        e -> assertThat(e.getMessage()).contains("version 5").contains("1"));
        assertThat(store.waits()).isEqualTo(1);
        assertThat(primary.currentVersion(STREAM)).isEqualTo(1);
    }

    @Test
    void an_idempotent_command_sent_again_is_answered_with_its_first_result_although_the_replica_lagged() {
        createTally();
        store.catchUp();
        CommandOptions once = CommandOptions.DEFAULTS.withIdempotencyKey("count-7");
        CommandResult<Tally> first = tallies.execute("t1", once, tally -> tally.count(7));

        CommandResult<Tally> again = tallies.execute("t1", once, tally -> tally.count(7));

        assertThat(again.replayed()).isTrue();
        // (The in-memory replica records its own times; versions and positions are the primary's.)
        assertThat(again.appended().orElseThrow().streamVersion()).isEqualTo(first.appended().orElseThrow().streamVersion());
        assertThat(again.appended().orElseThrow().position()).isEqualTo(first.appended().orElseThrow().position());
        assertThat(primary.currentVersion(STREAM)).as("counted once").isEqualTo(2);
        assertThat(tallies.loadAtLeast("t1", 2, WAIT).total()).isEqualTo(7);
    }

    @Test
    void a_creation_sent_again_is_answered_with_its_first_result_although_the_replica_lagged() {
        CommandOptions once = CommandOptions.DEFAULTS.withIdempotencyKey("open-t1");
        Tally tally = new Tally("t1");
        tally.start("visitors");
        CommandResult<Tally> first = tallies.create(tally, once);
        Tally sameAgain = new Tally("t1");
        sameAgain.start("visitors");

        CommandResult<Tally> again = tallies.create(sameAgain, once);

        assertThat(again.replayed()).isTrue();
        // (The in-memory replica records its own times; versions and positions are the primary's.)
        assertThat(again.appended().orElseThrow().streamVersion()).isEqualTo(first.appended().orElseThrow().streamVersion());
        assertThat(again.appended().orElseThrow().position()).isEqualTo(first.appended().orElseThrow().position());
        assertThat(primary.currentVersion(STREAM)).isEqualTo(1);
    }

    @Test
    void load_at_least_waits_for_the_version_a_command_left_and_refuses_a_version_that_does_not_exist() {
        createTally();
        store.catchUp();
        long written = tallies.execute("t1", CommandOptions.DEFAULTS, tally -> tally.count(2))
                .appended().orElseThrow().streamVersion();
        assertThat(tallies.load("t1").version()).as("a plain load shows the replica's state").isEqualTo(1);

        assertThat(tallies.loadAtLeast("t1", written, WAIT).total()).isEqualTo(2);
        assertThatThrownBy(() -> tallies.loadAtLeast("t1", 9, WAIT))
                .isInstanceOf(AggregateNotFoundException.class).hasMessageContaining("has no version 9");
        assertThat(tallies.loadAt("t1", 2).total()).isEqualTo(2);
    }

    @Test
    void load_at_least_fails_with_the_retryable_lag_error_while_the_replica_replays_nothing() {
        createTally();
        store.pause();

        assertThatThrownBy(() -> tallies.loadAtLeast("t1", 1, WAIT))
                .isInstanceOfSatisfying(ReplicaLagException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.waited()).isEqualTo(WAIT);
                    assertThat(e.getMessage()).contains("replay is paused");
                });
        assertThatThrownBy(() -> tallies.update("t1", tally -> tally.count(1))).isInstanceOf(ReplicaLagException.class);
        assertThat(primary.currentVersion(STREAM)).as("nothing written").isEqualTo(1);
    }

    @Test
    void load_at_least_checks_its_arguments() {
        assertThatThrownBy(() -> tallies.loadAtLeast("t1", 0, WAIT)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> tallies.loadAtLeast("t1", 1, Duration.ofMillis(-1))).hasMessageContaining("timeout");
        assertThatThrownBy(() -> RepositoryOptions.defaults().withReplicationWait(null))
                .hasMessageContaining("replication wait");
    }

    @Test
    void on_a_store_that_reads_where_it_writes_load_at_least_never_waits() {
        AggregateRepository<Tally, Tally.Event> direct = new AggregateRepository<>(primary, codec, Tally.TYPE);
        Tally tally = new Tally("t1");
        tally.start("visitors");
        direct.save(tally);

        assertThat(primary.awaitReplication(WAIT)).isFalse();
        assertThat(direct.loadAtLeast("t1", 1, Duration.ZERO).version()).isEqualTo(1);
        assertThatThrownBy(() -> direct.loadAtLeast("t1", 2, Duration.ZERO))
                .isInstanceOf(AggregateNotFoundException.class).hasMessageContaining("its latest is 1");
    }

    private void createTally() {
        Tally tally = new Tally("t1");
        tally.start("visitors");
        tallies.save(tally);
    }

    /** Another writer, straight to the primary. */
    private void countOnThePrimary(int amount) {
        AggregateRepository<Tally, Tally.Event> writer = new AggregateRepository<>(primary, codec, Tally.TYPE);
        writer.update("t1", tally -> tally.count(amount));
    }
}

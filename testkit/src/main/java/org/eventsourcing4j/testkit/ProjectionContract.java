package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.InMemoryDeadLetterStore;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must guarantee to projections: each committed event is applied once, in
 * global order, across catch-up and live following, restarts, failures and rebuilds, with
 * concurrent writers. Extend it with a store and a {@link RecordingProjection} whose read
 * model lives where the store keeps read models.
 */
public abstract class ProjectionContract {

    private EventStore store;
    private final List<ProjectionRunner> runners = new ArrayList<>();

    /** A fresh, empty store. */
    protected abstract EventStore newStore(Clock clock);

    /** A fresh recording projection called {@code name}, its read model and checkpoint next to {@code store}. */
    protected abstract RecordingProjection newProjection(EventStore store, String name) throws Exception;

    /** Where parked events go; in memory unless the store has its own table. */
    protected DeadLetterStore newDeadLetterStore(EventStore store) throws Exception {
        return new InMemoryDeadLetterStore();
    }

    protected void disposeStore(EventStore store) {
        store.close();
    }

    @BeforeEach
    final void createStore() {
        store = newStore(Clock.systemUTC());
    }

    @AfterEach
    final void releaseStore() {
        runners.forEach(ProjectionRunner::close);
        disposeStore(store);
    }

    protected final EventStore store() {
        return store;
    }

    private ProjectionRunner runner(String name, RecordingProjection projection, ProjectionOptions options,
                                    DeadLetterStore deadLetters) {
        ProjectionRunner runner = ProjectionRunner.create(name, store, projection.target(),
                options.withPollInterval(Duration.ofMillis(100)).withBackoff(Duration.ofMillis(1), Duration.ofMillis(10))
                        .withDeadLetters(deadLetters));
        runners.add(runner);
        return runner;
    }

    private ProjectionRunner runner(String name, RecordingProjection projection, ProjectionOptions options) {
        return runner(name, projection, options, new InMemoryDeadLetterStore());
    }

    private AppendResult append(String stream, String type, int n) {
        return store.append(StreamId.of(stream), ExpectedVersion.any(), EventData.of(type, "{\"n\":" + n + "}"));
    }

    private List<UUID> log(EventFilter filter) {
        List<UUID> ids = new ArrayList<>();
        LogPosition after = LogPosition.START;
        LogPage page;
        while (!(page = store.readAll(after, 1000, filter)).isEmpty()) {
            page.events().forEach(e -> ids.add(e.eventId()));
            after = page.next();
        }
        return ids;
    }

    /** How long a test waits for a projection to get somewhere; a guard against broken parts shortens it. */
    protected Duration patience() {
        return Duration.ofSeconds(60);
    }

    private void await(ProjectionRunner runner, LogPosition position) throws InterruptedException {
        assertThat(runner.awaitProcessed(position, patience())).as("processed up to %s: %s", position, runner.status()).isTrue();
    }

    @Test
    void applies_every_event_once_in_log_order_across_catch_up_and_a_live_burst_of_concurrent_writers() throws Exception {
        for (int i = 0; i < 300; i++) {
            append("acc-" + (i % 7), "E", i);
        }
        RecordingProjection projection = newProjection(store, "burst");
        ProjectionRunner runner = runner("burst", projection, ProjectionOptions.DEFAULTS.withBatchSize(50));
        runner.start();
        List<Race.Outcome<Void>> writers = Race.run(4, w -> () -> {
            for (int i = 0; i < 100; i++) {
                append("live-" + w, "E", i);
            }
            return null;
        });
        assertThat(writers).allSatisfy(o -> assertThat(o.error()).isNull());
        await(runner, store.headPosition());

        assertThat(projection.applied()).containsExactlyElementsOf(log(EventFilter.all()));
        assertThat(runner.status().processed()).isEqualTo(700);
    }

    @Test
    void stopped_and_restarted_anywhere_it_resumes_without_loss_or_duplicates() throws Exception {
        RecordingProjection projection = newProjection(store, "restart");
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 60; i++) {
                append("acc-" + (i % 5), "E", i);
            }
            ProjectionRunner runner = runner("restart", projection, ProjectionOptions.DEFAULTS.withBatchSize(7 + round));
            runner.start();
            Thread.sleep(round * 3L);
            runner.close();
        }
        ProjectionRunner last = runner("restart", projection, ProjectionOptions.DEFAULTS);
        last.start();
        await(last, store.headPosition());
        assertThat(projection.applied()).containsExactlyElementsOf(log(EventFilter.all()));
    }

    @Test
    void a_handler_failure_in_the_middle_of_a_page_loses_and_repeats_nothing() throws Exception {
        for (int i = 0; i < 100; i++) {
            append("acc-" + (i % 3), i % 10 == 5 ? "Flaky" : "E", i);
        }
        RecordingProjection projection = newProjection(store, "flaky");
        projection.failOn(e -> e.type().equals("Flaky"), 6);
        ProjectionRunner runner = runner("flaky", projection,
                ProjectionOptions.DEFAULTS.withBatchSize(30).withFailurePolicy(FailurePolicy.STOP, 10));
        runner.start();
        await(runner, store.headPosition());
        assertThat(projection.applied()).containsExactlyElementsOf(log(EventFilter.all()));
        assertThat(runner.status().retried()).isPositive();
    }

    @Test
    void a_poison_event_stops_the_projection_with_its_checkpoint_just_before_it() throws Exception {
        append("acc-1", "Good", 1);
        AppendResult beforePoison = append("acc-1", "Good", 2);
        append("acc-1", "Poison", 3);
        append("acc-1", "Good", 4);
        RecordingProjection projection = newProjection(store, "stopping");
        projection.failOn(e -> e.type().equals("Poison"), Integer.MAX_VALUE);
        ProjectionRunner runner = runner("stopping", projection, ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.STOP, 3));
        runner.start();
        long deadline = System.nanoTime() + patience().toNanos();
        while (runner.status().state() != ProjectionStatus.State.FAILED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        ProjectionStatus status = runner.status();
        assertThat(status.state()).isEqualTo(ProjectionStatus.State.FAILED);
        assertThat(status.checkpoint()).isEqualTo(beforePoison.lastPosition());
        assertThat(projection.target().checkpoint()).isEqualTo(beforePoison.lastPosition());
        assertThat(status.lastError()).contains("Poison");
        assertThat(projection.applied()).hasSize(2);
    }

    @Test
    void a_poison_event_is_parked_with_its_streams_later_events_and_replayed_in_order_or_skipped()
            throws Exception {
        append("acc-1", "Good", 1);
        AppendResult poison = append("acc-1", "Poison", 2);
        AppendResult behind = append("acc-1", "Good", 3);
        AppendResult last = append("acc-2", "Good", 4);
        UUID poisonId = log(EventFilter.types("Poison")).get(0);

        RecordingProjection parking = newProjection(store, "parking");
        parking.failOn(e -> e.type().equals("Poison"), Integer.MAX_VALUE);
        DeadLetterStore deadLetters = newDeadLetterStore(store);
        ProjectionRunner parkingRunner = runner("parking", parking,
                ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.PARK, 2), deadLetters);
        parkingRunner.start();
        await(parkingRunner, last.lastPosition());
        assertThat(parkingRunner.status().parked()).as("the poison and the event of its stream behind it").isEqualTo(2);
        assertThat(parking.target().checkpoint()).isEqualTo(last.lastPosition());
        assertThat(parkingRunner.parkedEvents()).extracting(p -> p.event().logPosition())
                .containsExactly(poison.lastPosition(), behind.lastPosition());
        List<UUID> others = log(EventFilter.all());
        assertThat(parking.applied()).as("acc-1's first event and acc-2's").containsExactly(others.get(0), others.get(3));
        assertThat(parkingRunner.replayParked()).as("replayed while still failing").isZero();
        assertThat(parkingRunner.parkedEvents()).hasSize(2);
        parking.failOn(e -> false, 0);
        assertThat(parkingRunner.replayParked()).isEqualTo(2);
        assertThat(parking.applied()).as("acc-1's events in their order")
                .containsExactly(others.get(0), others.get(3), poisonId, others.get(2));
        assertThat(parkingRunner.parkedEvents()).isEmpty();

        RecordingProjection skipping = newProjection(store, "skipping");
        skipping.failOn(e -> e.type().equals("Poison"), Integer.MAX_VALUE);
        ProjectionRunner skippingRunner = runner("skipping", skipping, ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.SKIP, 1));
        skippingRunner.start();
        await(skippingRunner, last.lastPosition());
        assertThat(skippingRunner.status().skipped()).isEqualTo(1);
        assertThat(skipping.applied()).hasSize(3).doesNotContain(poisonId);
    }

    @Test
    void a_rebuild_during_live_appends_ends_equal_to_a_fresh_replay() throws Exception {
        for (int i = 0; i < 200; i++) {
            append("acc-" + (i % 9), "E", i);
        }
        RecordingProjection projection = newProjection(store, "rebuild");
        ProjectionRunner runner = runner("rebuild", projection, ProjectionOptions.DEFAULTS.withBatchSize(25));
        runner.start();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 300; i++) {
                append("acc-" + (i % 9), "E", i);
            }
        });
        writer.start();
        Thread.sleep(20);
        runner.rebuild();
        writer.join();
        await(runner, store.headPosition());
        assertThat(projection.applied()).containsExactlyElementsOf(log(EventFilter.all()));
    }

    @Test
    void a_filtered_projection_reads_its_events_and_its_checkpoint_moves_past_the_others() throws Exception {
        append("acc-1", "Wanted", 1);
        append("acc-1", "Other", 2);
        append("order-1", "Wanted", 3);
        AppendResult last = append("acc-2", "Other", 4);
        RecordingProjection projection = newProjection(store, "filtered");
        EventFilter filter = EventFilter.streamPrefix("acc-").andTypes("Wanted");
        ProjectionRunner runner = runner("filtered", projection, ProjectionOptions.DEFAULTS.withFilter(filter));
        runner.start();
        await(runner, last.lastPosition());
        assertThat(projection.applied()).containsExactlyElementsOf(log(filter));
        assertThat(projection.target().checkpoint()).isGreaterThanOrEqualTo(last.lastPosition());
    }

    @Test
    void waits_for_its_own_writes() throws Exception {
        RecordingProjection projection = newProjection(store, "ryw");
        ProjectionRunner runner = runner("ryw", projection, ProjectionOptions.DEFAULTS);
        runner.start();
        for (int i = 0; i < 20; i++) {
            AppendResult result = append("acc-" + i, "E", i);
            await(runner, result.lastPosition());
            assertThat(projection.applied()).hasSize(i + 1);
        }
    }
}

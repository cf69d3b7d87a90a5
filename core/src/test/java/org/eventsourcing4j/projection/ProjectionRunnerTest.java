package org.eventsourcing4j.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The runner itself; the store-facing scenarios are in the testkit's ProjectionContract. */
class ProjectionRunnerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final List<ProjectionRunner> runners = new ArrayList<>();

    @AfterEach
    void stopRunners() {
        runners.forEach(ProjectionRunner::close);
    }

    private ProjectionRunner runner(String name, RecordingHandler handler, ProjectionOptions options) {
        return runner(name, handler, options, ProjectionLease.alwaysHeld());
    }

    private ProjectionRunner runner(String name, RecordingHandler handler, ProjectionOptions options, ProjectionLease lease) {
        ProjectionRunner runner = ProjectionRunner.create(name, store, new CheckpointedTarget(name, handler, checkpoints, handler.handled::clear), options.withPollInterval(Duration.ofMillis(50)).withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).withLease(lease));
        runners.add(runner);
        return runner;
    }

    private AppendResult append(String stream, String type, int n) {
        return store.append(StreamId.of(stream), ExpectedVersion.any(), EventData.of(type, "{\"n\":" + n + "}"));
    }

    private List<UUID> logOrder(EventFilter filter) {
        List<UUID> ids = new ArrayList<>();
        LogPosition after = LogPosition.START;
        LogPage page;
        while (!(page = store.readAll(after, 1000, filter)).isEmpty()) {
            page.events().forEach(e -> ids.add(e.eventId()));
            after = page.next();
        }
        return ids;
    }

    private static void await(ProjectionRunner runner, LogPosition position) throws InterruptedException {
        assertThat(runner.awaitProcessed(position, WAIT)).as("processed up to " + position + ": " + runner.status()).isTrue();
    }

    @Test
    void read_your_writes_waits_for_the_append() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        ProjectionRunner runner = runner("ryw", handler, ProjectionOptions.DEFAULTS);
        runner.start();
        for (int i = 0; i < 50; i++) {
            AppendResult result = append("acc-" + i, "E", i);
            await(runner, result.lastPosition());
            assertThat(handler.handled).extracting(RecordedEvent::logPosition).contains(result.lastPosition());
        }
        assertThat(runner.awaitProcessed(LogPosition.of(10_000), Duration.ofMillis(100))).isFalse();
    }

    @Test
    void a_poison_event_stops_the_projection_before_it_by_default() throws Exception {
        append("acc-1", "Good", 1);
        AppendResult beforePoison = append("acc-1", "Good", 2);
        append("acc-1", "Poison", 3);
        append("acc-1", "Good", 4);
        RecordingHandler handler = new RecordingHandler();
        handler.failOn = e -> e.type().equals("Poison");
        ProjectionRunner runner = runner("stop", handler, ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.STOP, 3));
        runner.start();

        waitForState(runner, ProjectionStatus.State.FAILED);
        ProjectionStatus status = runner.status();
        assertThat(status.checkpoint()).isEqualTo(beforePoison.lastPosition());
        assertThat(checkpoints.load("stop")).isEqualTo(beforePoison.lastPosition());
        assertThat(status.retried()).isEqualTo(2);
        assertThat(status.lastError()).contains("Poison", "acc-1@3", "poison Poison");
        assertThat(handler.handled).extracting(RecordedEvent::type).containsExactly("Good", "Good");
        assertThat(runner.awaitProcessed(store.headPosition(), Duration.ofMillis(50))).isFalse();
    }

    @Test
    void a_poison_event_is_parked_with_its_streams_later_events_behind_it_and_replayed_in_stream_order()
            throws Exception {
        append("acc-1", "Good", 1);
        AppendResult poison = append("acc-1", "Poison", 2);
        AppendResult behind = append("acc-1", "Good", 3);
        AppendResult other = append("acc-2", "Good", 4);
        RecordingHandler handler = new RecordingHandler();
        handler.failOn = e -> e.type().equals("Poison");
        ProjectionRunner runner = runner("park", handler, ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.PARK, 2)
                .withDeadLetters(new InMemoryDeadLetterStore()));
        runner.start();
        await(runner, other.lastPosition());

        assertThat(runner.status().parked()).isEqualTo(2);
        assertThat(runner.status().retried()).isEqualTo(1);
        assertThat(runner.parkedEvents()).satisfiesExactly(p -> {
            assertThat(p.event().logPosition()).isEqualTo(poison.lastPosition());
            assertThat(p.error()).contains("poison Poison");
            assertThat(p.attempts()).isEqualTo(2);
        }, p -> {
            assertThat(p.event().logPosition()).isEqualTo(behind.lastPosition());
            assertThat(p.error()).contains("held back").contains("acc-1");
            assertThat(p.attempts()).isZero();
        });
        // acc-1's third event waits behind its second; acc-2 goes on.
        assertThat(handler.handled).extracting(e -> e.streamId() + "@" + e.version())
                .containsExactly("acc-1@1", "acc-2@1");

        handler.failOn = e -> false;
        assertThat(runner.replayParked()).isEqualTo(2);
        assertThat(runner.parkedEvents()).isEmpty();
        assertThat(handler.handled).extracting(e -> e.streamId() + "@" + e.version())
                .containsExactly("acc-1@1", "acc-2@1", "acc-1@2", "acc-1@3");
        AppendResult after = append("acc-1", "Good", 5);
        await(runner, after.lastPosition());
        assertThat(handler.handled).extracting(e -> e.streamId() + "@" + e.version()).endsWith("acc-1@4");
    }

    @Test
    void a_replay_that_fails_again_keeps_the_event_and_its_streams_later_events_parked() throws Exception {
        append("acc-1", "Poison", 1);
        append("acc-1", "Good", 2);
        AppendResult last = append("acc-1", "Good", 3);
        RecordingHandler handler = new RecordingHandler();
        handler.failOn = e -> e.type().equals("Poison");
        ProjectionRunner runner = runner("again", handler, ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.PARK, 1)
                .withDeadLetters(new InMemoryDeadLetterStore()));
        runner.start();
        await(runner, last.lastPosition());
        assertThat(runner.parkedEvents()).hasSize(3);

        assertThat(runner.replayParked()).isZero();
        assertThat(runner.parkedEvents()).hasSize(3);
        assertThat(runner.parkedEvents().get(0).attempts()).isEqualTo(2);
        assertThat(handler.handled).isEmpty();

        assertThat(runner.skipParked(runner.parkedEvents().get(0).event().eventId())).isTrue();
        assertThat(runner.replayParked()).isEqualTo(2);
        assertThat(handler.handled).extracting(RecordedEvent::version).containsExactly(2L, 3L);
    }

    @Test
    void a_poison_event_can_be_skipped_and_counted() throws Exception {
        append("acc-1", "Poison", 1);
        AppendResult last = append("acc-1", "Good", 2);
        RecordingHandler handler = new RecordingHandler();
        handler.failOn = e -> e.type().equals("Poison");
        ProjectionRunner runner = runner("skip", handler, ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.SKIP, 1));
        runner.start();
        await(runner, last.lastPosition());

        assertThat(runner.status().skipped()).isEqualTo(1);
        assertThat(runner.status().retried()).isZero();
        assertThat(runner.status().lastError()).contains("Poison");
        assertThat(handler.handled).extracting(RecordedEvent::type).containsExactly("Good");
    }

    @Test
    void a_handler_that_fails_a_few_times_is_retried_without_losing_the_event() throws Exception {
        append("acc-1", "Flaky", 1);
        AppendResult last = append("acc-1", "Good", 2);
        RecordingHandler handler = new RecordingHandler();
        handler.failOn = e -> e.type().equals("Flaky");
        handler.failuresLeft = 3; // the page attempt, then two of the event's own attempts
        ProjectionRunner runner = runner("flaky", handler, ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.STOP, 5));
        runner.start();
        await(runner, last.lastPosition());

        assertThat(handler.handled).extracting(RecordedEvent::type).containsExactly("Flaky", "Good");
        assertThat(runner.status().retried()).isEqualTo(2);
        assertThat(runner.status().state()).isIn(ProjectionStatus.State.RUNNING, ProjectionStatus.State.CATCHING_UP);
    }

    @Test
    void of_two_runners_with_one_name_one_works_and_the_other_takes_over_when_it_stops() throws Exception {
        InMemoryLeases leases = new InMemoryLeases();
        RecordingHandler handler = new RecordingHandler();
        ProjectionRunner first = runner("leased", handler, ProjectionOptions.DEFAULTS, leases.lease("leased"));
        ProjectionRunner second = runner("leased", handler, ProjectionOptions.DEFAULTS, leases.lease("leased"));
        first.start();
        AppendResult a = append("acc-1", "E", 1);
        await(first, a.lastPosition());
        second.start();
        waitForState(second, ProjectionStatus.State.WAITING_FOR_LEASE);
        assertThat(second.status().waitingFor()).contains("lease");

        first.close();
        AppendResult b = append("acc-1", "E", 2);
        await(second, b.lastPosition());
        assertThat(handler.ids()).containsExactlyElementsOf(logOrder(EventFilter.all()));
    }

    @Test
    void a_runner_waiting_for_the_lease_sees_what_the_holder_processed() throws Exception {
        for (int round = 0; round < 5; round++) {
            InMemoryLeases leases = new InMemoryLeases();
            RecordingHandler handler = new RecordingHandler();
            String name = "followed-" + round;
            ProjectionRunner holder = runner(name, handler, ProjectionOptions.DEFAULTS, leases.lease(name));
            ProjectionRunner waiting = runner(name, handler, ProjectionOptions.DEFAULTS, leases.lease(name));
            holder.start();
            await(holder, append("acc-" + round, "E", 0).lastPosition());
            waiting.start();
            waitForState(waiting, ProjectionStatus.State.WAITING_FOR_LEASE);

            AppendResult written = append("acc-" + round, "E", 1);
            assertThat(waiting.awaitProcessed(written.lastPosition(), WAIT)).isTrue();
            // The holder committed that far: the event is in the shared read model.
            assertThat(handler.ids()).contains(lastEventId());
            assertThat(waiting.status().checkpoint()).isEqualTo(written.lastPosition());
            assertThat(waiting.status().state()).isEqualTo(ProjectionStatus.State.WAITING_FOR_LEASE);
            holder.close();
            waiting.close();
        }
    }

    /** Callers waiting on an instance without the lease need not wait for its (here very long) poll interval. */
    @Test
    void a_caller_waiting_on_an_instance_without_the_lease_is_answered_before_its_next_poll() throws Exception {
        InMemoryLeases leases = new InMemoryLeases();
        RecordingHandler handler = new RecordingHandler();
        ProjectionOptions slow = ProjectionOptions.DEFAULTS.withPollInterval(Duration.ofMinutes(10));
        List<ProjectionRunner> pair = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProjectionRunner runner = ProjectionRunner.create("slow", store, new CheckpointedTarget("slow", handler, checkpoints, handler.handled::clear), slow.withLease(leases.lease("slow")));
            runners.add(runner);
            pair.add(runner);
        }
        ProjectionRunner holder = pair.get(0);
        ProjectionRunner waiting = pair.get(1);
        holder.start();
        await(holder, append("acc-1", "E", 0).lastPosition());
        waiting.start();
        waitForState(waiting, ProjectionStatus.State.WAITING_FOR_LEASE);
        for (int i = 1; i <= 5; i++) {
            // The holder is woken by the store's append notification; the waiting instance by the caller.
            AppendResult written = append("acc-1", "E", i);
            assertThat(waiting.awaitProcessed(written.lastPosition(), WAIT)).as("append %d", i).isTrue();
        }
    }

    private UUID lastEventId() {
        List<UUID> ids = logOrder(EventFilter.all());
        return ids.get(ids.size() - 1);
    }

    @Test
    void a_runner_whose_checkpoint_was_moved_by_another_instance_commits_nothing_more() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        ProjectionRunner runner = runner("fenced", handler, ProjectionOptions.DEFAULTS);
        runner.start();
        AppendResult first = append("acc-1", "E", 1);
        await(runner, first.lastPosition());

        // Another instance (which took the lease) moved the checkpoint far ahead.
        LogPosition elsewhere = LogPosition.of(1_000);
        assertThat(checkpoints.compareAndSet("fenced", first.lastPosition(), elsewhere)).isTrue();
        append("acc-1", "E", 2);
        append("acc-1", "E", 3);
        Thread.sleep(300);

        assertThat(checkpoints.load("fenced")).isEqualTo(elsewhere);
        assertThat(handler.handled).hasSize(1);
    }

    private static void waitForState(ProjectionRunner runner, ProjectionStatus.State state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (runner.status().state() != state) {
            assertThat(System.nanoTime()).as("waiting for " + state + ", status " + runner.status()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}

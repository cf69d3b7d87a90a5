package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.InMemoryDeadLetterStore;
import org.eventsourcing4j.projection.InMemoryLeases;
import org.eventsourcing4j.projection.ProjectionControl;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionReport;
import org.eventsourcing4j.projection.ProjectionRequest;
import org.eventsourcing4j.projection.ProjectionRequest.Action;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus.State;
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
 * What operators' tools can rely on when they control projections through a
 * {@link ProjectionControl}: runners report where they are, pauses hold (across restarts),
 * and the instance holding the lease carries out each request once — also one filed while no
 * instance ran. Extend it with a store, its control and a {@link RecordingProjection}.
 */
public abstract class ProjectionControlContract {
    private static final Duration POLL = Duration.ofMillis(20);
    private EventStore store;
    private ProjectionControl control;
    private DeadLetterStore deadLetters;
    private final InMemoryLeases leases = new InMemoryLeases();
    private final List<ProjectionRunner> runners = new ArrayList<>();

    protected abstract EventStore newStore(Clock clock);

    /** The control the store's tools and runners share. */
    protected abstract ProjectionControl newControl(EventStore store);

    protected abstract RecordingProjection newProjection(EventStore store, String name) throws Exception;

    protected DeadLetterStore newDeadLetterStore(EventStore store) {
        return new InMemoryDeadLetterStore();
    }

    /** A lease on projection {@code name} that competes with every other one this method hands out. */
    protected ProjectionLease newLease(EventStore store, String name) {
        return leases.lease(name);
    }

    /** How long to wait for what must happen (shorter in the guard test, which expects failures). */
    protected Duration patience() {
        return Duration.ofSeconds(30);
    }

    @BeforeEach
    final void createStore() {
        store = newStore(Clock.systemUTC());
        control = newControl(store);
        deadLetters = newDeadLetterStore(store);
    }

    @AfterEach
    final void releaseStore() {
        runners.forEach(ProjectionRunner::close);
        store.close();
    }

    private ProjectionRunner start(String name, RecordingProjection projection, ProjectionOptions options) {
        ProjectionRunner runner = ProjectionRunner.create(name, store, projection.target(), options
                .withPollInterval(POLL).withReportInterval(Duration.ofMillis(50))
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .withControl(control).withDeadLetters(deadLetters).withLease(newLease(store, name)));
        runners.add(runner);
        runner.start();
        return runner;
    }

    private ProjectionRunner start(String name, RecordingProjection projection) {
        return start(name, projection, ProjectionOptions.DEFAULTS);
    }

    private AppendResult append(String stream, String type) {
        return store.append(StreamId.of(stream), ExpectedVersion.any(), EventData.of(type, "{\"n\":1}"));
    }

    private List<UUID> log() {
        List<UUID> ids = new ArrayList<>();
        LogPosition after = LogPosition.START;
        LogPage page;
        while (!(page = store.readAll(after, 1000, EventFilter.all())).isEmpty()) {
            page.events().forEach(e -> ids.add(e.eventId()));
            after = page.next();
        }
        return ids;
    }

    private void awaitHead(ProjectionRunner runner) throws InterruptedException {
        assertThat(runner.awaitProcessed(store.headPosition(), patience()))
                .as("caught up: %s", runner.status()).isTrue();
    }

    private ProjectionReport awaitReport(String name, String instance, Predicate<ProjectionReport> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience().toNanos();
        List<ProjectionReport> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = control.reports().stream().filter(r -> r.projection().equals(name)).toList();
            for (ProjectionReport report : seen) {
                if (report.instance().equals(instance) && condition.test(report)) {
                    return report;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no such report of " + name + " by " + instance + "; reports: " + seen);
    }

    private ProjectionRequest awaitFinished(ProjectionRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + patience().toNanos();
        while (System.nanoTime() < deadline) {
            ProjectionRequest now = control.findRequest(request.id()).orElseThrow();
            if (now.isFinished()) {
                return now;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("request not carried out: " + control.findRequest(request.id()));
    }

    private ProjectionRequest request(String name, Action action) {
        return control.request(name, action, "operator", Instant.now());
    }

    private static String instance(ProjectionRunner runner) {
        return runner.instance().orElseThrow();
    }

    @Test
    void a_running_projection_reports_its_state_checkpoint_and_instance_and_withdraws_when_stopped() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("acc-" + i, "E");
        }
        ProjectionRunner runner = start("reporting", newProjection(store, "reporting"));
        awaitHead(runner);
        LogPosition head = store.headPosition();
        ProjectionReport report = awaitReport("reporting", instance(runner),
                r -> r.status().state() == State.RUNNING && r.status().checkpoint().equals(head));
        assertThat(report.status().processed()).isEqualTo(5);
        assertThat(report.reportedAt()).isBefore(Instant.now().plusSeconds(1));
        runner.close();
        assertThat(control.reports()).noneMatch(r -> r.projection().equals("reporting"));
    }

    @Test
    void a_paused_projection_reads_nothing_until_resumed_also_across_a_restart() throws Exception {
        RecordingProjection projection = newProjection(store, "pausing");
        append("acc-1", "E");
        ProjectionRunner first = start("pausing", projection);
        awaitHead(first);
        control.pause("pausing", "operator", Instant.now());
        awaitReport("pausing", instance(first), r -> r.status().state() == State.PAUSED);
        for (int i = 0; i < 3; i++) {
            append("acc-1", "E");
        }
        Thread.sleep(POLL.toMillis() * 10);
        assertThat(projection.applied()).hasSize(1);
        first.close();

        ProjectionRunner second = start("pausing", projection);
        awaitReport("pausing", instance(second), r -> r.status().state() == State.PAUSED);
        Thread.sleep(POLL.toMillis() * 10);
        assertThat(projection.applied()).hasSize(1);
        assertThat(control.pauses()).extracting(p -> p.projection()).contains("pausing");
        assertThat(control.resume("pausing")).isTrue();
        awaitHead(second);
        assertThat(projection.applied()).containsExactlyElementsOf(log());
    }

    @Test
    void a_rebuild_request_is_carried_out_by_the_running_instance_and_its_outcome_recorded() throws Exception {
        for (int i = 0; i < 10; i++) {
            append("acc-" + (i % 3), "E");
        }
        RecordingProjection projection = newProjection(store, "rebuilding");
        ProjectionRunner runner = start("rebuilding", projection);
        awaitHead(runner);
        ProjectionRequest done = awaitFinished(request("rebuilding", Action.REBUILD));
        assertThat(done.claimedBy()).contains(instance(runner));
        assertThat(done.outcome().orElseThrow()).contains("replaying from the start");
        append("acc-9", "E");
        awaitHead(runner);
        assertThat(projection.applied()).containsExactlyElementsOf(log());
        assertThat(control.orders("rebuilding").pending()).isEmpty();
    }

    @Test
    void a_reset_request_clears_the_read_model_and_leaves_the_projection_paused() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("acc-" + i, "E");
        }
        RecordingProjection projection = newProjection(store, "resetting");
        ProjectionRunner runner = start("resetting", projection);
        awaitHead(runner);
        awaitFinished(request("resetting", Action.RESET));
        assertThat(projection.applied()).isEmpty();
        assertThat(control.orders("resetting").paused()).isTrue();
        awaitReport("resetting", instance(runner), r -> r.status().state() == State.PAUSED
                && r.status().checkpoint().equals(LogPosition.START));
        append("acc-1", "E");
        Thread.sleep(POLL.toMillis() * 10);
        assertThat(projection.applied()).isEmpty();
        control.resume("resetting");
        awaitHead(runner);
        assertThat(projection.applied()).containsExactlyElementsOf(log());
    }

    @Test
    void a_replay_request_applies_the_parked_events_once_their_cause_is_fixed() throws Exception {
        append("acc-1", "Good");
        append("acc-1", "Poison");
        append("acc-2", "Good");
        RecordingProjection projection = newProjection(store, "replaying");
        projection.failOn(e -> e.type().equals("Poison"), Integer.MAX_VALUE);
        ProjectionRunner runner = start("replaying", projection,
                ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.PARK, 1));
        awaitHead(runner);
        assertThat(deadLetters.list("replaying")).hasSize(1);
        assertThat(awaitFinished(request("replaying", Action.REPLAY_PARKED)).outcome())
                .hasValueSatisfying(o -> assertThat(o).contains("replayed 0 of 1"));
        projection.failOn(e -> false, 0);
        assertThat(awaitFinished(request("replaying", Action.REPLAY_PARKED)).outcome())
                .hasValueSatisfying(o -> assertThat(o).contains("replayed 1 of 1"));
        assertThat(deadLetters.list("replaying")).isEmpty();
        assertThat(projection.applied()).containsExactlyInAnyOrderElementsOf(log());
    }

    @Test
    void a_request_filed_while_no_instance_runs_is_carried_out_when_one_starts() throws Exception {
        append("acc-1", "E");
        RecordingProjection projection = newProjection(store, "waiting");
        ProjectionRunner first = start("waiting", projection);
        awaitHead(first);
        first.close();
        ProjectionRequest request = request("waiting", Action.REBUILD);
        Thread.sleep(POLL.toMillis() * 5);
        assertThat(control.findRequest(request.id()).orElseThrow().isPending()).isTrue();
        ProjectionRunner second = start("waiting", projection);
        assertThat(awaitFinished(request).claimedBy()).contains(instance(second));
        awaitHead(second);
        assertThat(projection.applied()).containsExactlyElementsOf(log());
    }

    @Test
    void only_the_instance_holding_the_lease_carries_out_a_request() throws Exception {
        for (int i = 0; i < 5; i++) {
            append("acc-" + i, "E");
        }
        RecordingProjection projection = newProjection(store, "leased");
        ProjectionRunner first = start("leased", projection);
        awaitHead(first);
        ProjectionRunner second = start("leased", projection);
        awaitReport("leased", instance(second), r -> r.status().state() == State.WAITING_FOR_LEASE);
        awaitReport("leased", instance(first), r -> r.status().state() == State.RUNNING);
        for (int round = 0; round < 3; round++) {
            assertThat(awaitFinished(request("leased", Action.REBUILD)).claimedBy()).contains(instance(first));
        }
        awaitHead(first);
        assertThat(projection.applied()).containsExactlyElementsOf(log());
    }

    @Test
    void a_restart_request_lets_a_failed_projection_retry_the_event_it_stopped_on() throws Exception {
        append("acc-1", "Good");
        append("acc-1", "Poison");
        append("acc-1", "Good");
        RecordingProjection projection = newProjection(store, "failing");
        projection.failOn(e -> e.type().equals("Poison"), Integer.MAX_VALUE);
        ProjectionRunner runner = start("failing", projection,
                ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.STOP, 1));
        ProjectionReport failed = awaitReport("failing", instance(runner), r -> r.status().state() == State.FAILED);
        assertThat(failed.status().lastError()).contains("Poison");
        assertThat(projection.applied()).hasSize(1);
        projection.failOn(e -> false, 0);
        assertThat(awaitFinished(request("failing", Action.RESTART)).outcome())
                .hasValueSatisfying(o -> assertThat(o).contains("restarted"));
        awaitHead(runner);
        assertThat(projection.applied()).containsExactlyElementsOf(log());
        awaitReport("failing", instance(runner), r -> r.status().state() == State.RUNNING);
    }
}

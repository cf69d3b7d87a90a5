package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * projections, projection and parked, in-process against a real store while a projection of
 * this test runs on it (as the application would), parking the events its handler fails on.
 */
abstract class ProjectionCommandsTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    CliStore fixture;
    ProjectionRunner runner;
    final AtomicBoolean broken = new AtomicBoolean(true);
    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger applied = new AtomicInteger();
    UUID poison;
    AppendResult last;

    abstract CliStore open();

    @BeforeEach
    void startProjection() throws InterruptedException {
        fixture = open();
        fixture.store().append(StreamId.of("account-1"), ExpectedVersion.noStream(), EventData.of("Opened", "{}"));
        poison = UUID.randomUUID();
        fixture.store().append(StreamId.of("account-1"), ExpectedVersion.exactly(1),
                EventData.of(poison, "Poison", "{}"));
        last = fixture.store().append(StreamId.of("account-2"), ExpectedVersion.noStream(), EventData.of("Opened", "{}"));
        runner = JdbcProjection.of("balances", (event, connection) -> {
            if (event.type().equals("Poison") && broken.get()) {
                throw new IllegalStateException("cannot handle " + event.type());
            }
            applied.incrementAndGet();
        }).withReset(connection -> resets.incrementAndGet())
                .withOptions(ProjectionOptions.DEFAULTS.withPollInterval(Duration.ofMillis(20))
                        .withReportInterval(Duration.ofMillis(50)).withFailurePolicy(FailurePolicy.PARK, 1)
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)))
                .runner(fixture.store());
        runner.start();
        assertThat(runner.awaitProcessed(last.lastPosition(), Duration.ofSeconds(30))).isTrue();
        awaitReported(ProjectionStatus.State.RUNNING);
    }

    @AfterEach
    void stop() {
        runner.close();
        fixture.close();
    }

    private void awaitReported(ProjectionStatus.State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (fixture.store().projectionControl().reports().stream()
                    .anyMatch(r -> r.projection().equals("balances") && r.status().state() == state
                            && r.status().checkpoint().equals(runner.status().checkpoint()))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no report in state " + state + ": " + fixture.store().projectionControl().reports());
    }

    @Test
    void projections_show_state_checkpoint_lag_holder_and_parked_events() {
        CliRun table = fixture.run("projections");
        assertThat(table.exitCode).as(table.toString()).isZero();
        assertThat(table.lines().get(0)).contains("PROJECTION", "STATE", "CHECKPOINT", "LAG", "HOLDER", "PARKED");
        assertThat(table.lines().get(1)).contains("balances", "RUNNING", runner.instance().orElseThrow());

        JsonNode json = JSON.readTree(fixture.run("projections", "--json").out).get(0);
        assertThat(json.get("name").asString()).isEqualTo("balances");
        assertThat(json.get("state").asString()).isEqualTo("RUNNING");
        assertThat(json.get("checkpoint").asString()).isEqualTo(last.lastPosition().asString());
        assertThat(json.get("lagEvents").asLong()).isZero();
        assertThat(json.get("holder").asString()).isEqualTo(runner.instance().orElseThrow());
        assertThat(json.get("parked").asLong()).isEqualTo(1);
        assertThat(json.get("instances")).hasSize(1);

        fixture.store().append(StreamId.of("account-3"), ExpectedVersion.noStream(), EventData.of("Opened", "{}"));
        CliRun paused = fixture.run("projection", "pause", "balances");
        assertThat(paused.exitCode).as(paused.toString()).isZero();
    }

    @Test
    void parked_events_are_listed_then_replayed_by_the_running_instance_after_the_fix() {
        CliRun list = fixture.run("parked", "balances", "list");
        assertThat(list.exitCode).as(list.toString()).isZero();
        assertThat(list.out).contains(poison.toString(), "Poison", "account-1", "cannot handle Poison");
        JsonNode json = JSON.readTree(fixture.run("parked", "balances", "list", "--json").out);
        assertThat(json.get(0).get("event").get("eventId").asString()).isEqualTo(poison.toString());

        CliRun failing = fixture.run("parked", "balances", "replay");
        assertThat(failing.exitCode).as(failing.toString()).isZero();
        assertThat(failing.out).contains("replayed 0 of 1", runner.instance().orElseThrow());
        broken.set(false);
        CliRun replayed = fixture.run("parked", "balances", "replay");
        assertThat(replayed.out).contains("replayed 1 of 1");
        assertThat(runner.parkedEvents()).isEmpty();
        assertThat(fixture.run("parked", "balances", "list").out).contains("no parked events");
        assertThat(fixture.run("parked", "balances", "replay").out).contains("no parked events");
    }

    @Test
    void skip_removes_a_parked_event_without_applying_it_and_an_unknown_one_exits_3() {
        UUID unknown = UUID.randomUUID();
        CliRun missing = fixture.run("parked", "balances", "skip", unknown.toString());
        assertThat(missing.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err).contains("no parked event " + unknown);
        CliRun noId = fixture.run("parked", "balances", "skip");
        assertThat(noId.exitCode).isEqualTo(ExitCodes.USAGE);

        int before = applied.get();
        CliRun skipped = fixture.run("parked", "balances", "skip", poison.toString());
        assertThat(skipped.exitCode).as(skipped.toString()).isZero();
        assertThat(runner.parkedEvents()).isEmpty();
        assertThat(applied.get()).isEqualTo(before);
    }

    @Test
    void rebuild_and_reset_are_carried_out_by_the_running_instance_and_resume_lifts_the_pause() throws Exception {
        CliRun rebuild = fixture.run("projection", "rebuild", "balances");
        assertThat(rebuild.exitCode).as(rebuild.toString()).isZero();
        assertThat(rebuild.out).contains("carried out by " + runner.instance().orElseThrow(), "replaying from the start");
        assertThat(resets.get()).isEqualTo(1);

        CliRun reset = fixture.run("projection", "reset", "balances");
        assertThat(reset.out).contains("paused until resumed");
        assertThat(resets.get()).isEqualTo(2);
        awaitPaused();
        AppendResult later = fixture.store().append(StreamId.of("account-9"), ExpectedVersion.noStream(),
                EventData.of("Opened", "{}"));
        Thread.sleep(200);
        assertThat(runner.status().checkpoint()).isNotEqualTo(later.lastPosition());
        assertThat(JSON.readTree(fixture.run("projections", "--json").out).get(0).get("paused").asBoolean()).isTrue();

        CliRun resume = fixture.run("projection", "resume", "balances");
        assertThat(resume.exitCode).as(resume.toString()).isZero();
        assertThat(resume.out).contains("resumed projection 'balances'");
        assertThat(runner.awaitProcessed(later.lastPosition(), Duration.ofSeconds(30))).isTrue();
    }

    private void awaitPaused() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runner.status().state() != ProjectionStatus.State.PAUSED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(runner.status().state()).isEqualTo(ProjectionStatus.State.PAUSED);
    }

    @Test
    void a_request_nobody_carries_out_in_time_exits_6_and_stays_filed_and_unknown_projections_exit_3() {
        runner.close();
        CliRun waited = fixture.run("projection", "rebuild", "balances", "--wait", "300ms");
        assertThat(waited.exitCode).as(waited.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(waited.out).contains("no running instance carried it out in time", "stays filed");
        assertThat(fixture.store().projectionControl().orders("balances").pending()).hasSize(1);
        CliRun noWait = fixture.run("projection", "reset", "balances", "--no-wait");
        assertThat(noWait.exitCode).isZero();
        assertThat(noWait.out).contains("filed as request");

        CliRun unknown = fixture.run("projection", "rebuild", "nonesuch");
        assertThat(unknown.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err.lines().toList()).singleElement().asString().contains("no projection 'nonesuch'");
        CliRun badAction = fixture.run("projection", "explode", "balances");
        assertThat(badAction.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(badAction.err).contains("explode");
        assertThat(List.of(waited.err, noWait.err)).allSatisfy(err -> assertThat(err).doesNotContain("\tat "));
    }
}

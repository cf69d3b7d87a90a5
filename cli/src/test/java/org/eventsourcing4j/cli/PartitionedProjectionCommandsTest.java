package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.jdbc.JdbcSegmentTarget;
import org.eventsourcing4j.projection.PartitionOptions;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * projections, segments and projection against a partitioned projection that this test runs on
 * a real SQLite store (as the application would: claims in the store's claims table, reports to
 * its projection control): it is listed once with its segments, and pause, resume and rebuild
 * reach it.
 */
class PartitionedProjectionCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    Path directory;
    private CliStore fixture;
    private PartitionedProjection projection;
    private final Map<UUID, AtomicInteger> applied = new ConcurrentHashMap<>();
    private final AtomicInteger resets = new AtomicInteger();
    private LogPosition last;

    @BeforeEach
    void start() throws InterruptedException {
        fixture = CliStore.sqlite(directory.resolve("events.db"));
        last = append(30);
        JdbcSegmentClaims claims = JdbcSegmentClaims.of(fixture.store());
        projection = PartitionedProjection.create("balances", fixture.store(), claims,
                JdbcSegmentTarget.factory(fixture.store(), claims, claim -> (event, connection) ->
                        applied.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet(),
                        connection -> {
                            applied.clear();
                            resets.incrementAndGet();
                        }),
                ProjectionOptions.DEFAULTS.withPollInterval(Duration.ofMillis(20))
                        .withReportInterval(Duration.ofMillis(50)).withControl(fixture.store().projectionControl()),
                PartitionOptions.of("app-1", 3).withHeartbeat(Duration.ofMillis(50), Duration.ofSeconds(2)));
        projection.start();
        assertThat(projection.awaitProcessed(last, Duration.ofSeconds(30))).isTrue();
        awaitReported(ProjectionStatus.State.RUNNING);
    }

    @AfterEach
    void stop() {
        projection.close();
        fixture.close();
    }

    private LogPosition append(int events) {
        AppendResult result = null;
        for (int i = 0; i < events; i++) {
            result = fixture.store().append(StreamId.of("account-" + (i % 7)), ExpectedVersion.any(),
                    EventData.of("Deposited", "{}"));
        }
        return result.lastPosition();
    }

    private void awaitReported(ProjectionStatus.State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (fixture.store().projectionControl().reports().stream()
                    .anyMatch(r -> r.projection().equals("balances") && r.status().state() == state)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no report in state " + state + ": " + fixture.store().projectionControl().reports());
    }

    @Test
    void it_is_listed_once_with_its_segments_their_owner_epoch_checkpoint_and_lag() {
        CliRun table = fixture.run("projections");
        assertThat(table.exitCode).as(table.toString()).isZero();
        assertThat(table.lines()).hasSize(2);
        assertThat(table.lines().get(1)).contains("balances", "RUNNING (3 segments)", "app-1")
                .doesNotContain("#");

        JsonNode json = JSON.readTree(fixture.run("projections", "--json").out);
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("partitioned").asBoolean()).isTrue();
        assertThat(json.get(0).get("checkpoint").asString()).isEqualTo(last.asString());
        assertThat(json.get(0).get("lagEvents").asLong()).isZero();
        assertThat(json.get(0).get("segments")).hasSize(3).allSatisfy(segment -> {
            assertThat(segment.get("owner").asString()).isEqualTo("app-1");
            assertThat(segment.get("epoch").asLong()).isPositive();
            assertThat(segment.get("checkpoint").asString()).isEqualTo(last.asString());
        });

        CliRun segments = fixture.run("segments", "balances");
        assertThat(segments.exitCode).as(segments.toString()).isZero();
        assertThat(segments.lines().get(0)).contains("generation 1, 3 segments, 0 unclaimed");
        assertThat(segments.lines().get(1)).contains("SEGMENT", "OWNER", "EPOCH", "CHECKPOINT", "LAG");
        assertThat(segments.lines().subList(2, 5)).allSatisfy(line -> assertThat(line).contains("app-1"));
        JsonNode segmentJson = JSON.readTree(fixture.run("segments", "balances", "--json").out);
        assertThat(segmentJson.get("segments")).hasSize(3);

        CliRun unknown = fixture.run("segments", "nothing");
        assertThat(unknown.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void pause_resume_and_rebuild_reach_the_instances_running_it() throws Exception {
        CliRun paused = fixture.run("projection", "pause", "balances");
        assertThat(paused.exitCode).as(paused.toString()).isZero();
        awaitReported(ProjectionStatus.State.PAUSED);
        LogPosition whilePaused = append(5);
        assertThat(projection.awaitProcessed(whilePaused, Duration.ofMillis(300))).isFalse();

        CliRun resumed = fixture.run("projection", "resume", "balances");
        assertThat(resumed.out).contains("resumed projection 'balances'");
        assertThat(projection.awaitProcessed(whilePaused, Duration.ofSeconds(30))).isTrue();

        CliRun rebuild = fixture.run("projection", "rebuild", "balances");
        assertThat(rebuild.exitCode).as(rebuild.toString()).isZero();
        assertThat(rebuild.out).contains("carried out by app-1", "rebuilt: generation 2 with 3 segments");
        assertThat(resets.get()).isEqualTo(1);
        assertThat(projection.awaitProcessed(whilePaused, Duration.ofSeconds(30))).isTrue();
        assertThat(applied).hasSize(35).allSatisfy((id, times) -> assertThat(times.get()).isEqualTo(1));
        assertThat(JSON.readTree(fixture.run("segments", "balances", "--json").out).get("generation").asLong())
                .isEqualTo(2);
        assertThat(List.of(fixture.run("projections").out.split("\n"))).hasSize(2);
    }
}

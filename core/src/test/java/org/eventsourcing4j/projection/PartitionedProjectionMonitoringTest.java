package org.eventsourcing4j.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.projection.PartitionedProjectionTest.Eventually;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What operators see of a partitioned projection and what they can do with it: status and
 * meters per segment and in total, and the projection control's pause, resume and rebuild.
 */
class PartitionedProjectionMonitoringTest {
    private static final String NAME = "balances";
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final InMemorySegmentClaims claims = new InMemorySegmentClaims(checkpoints);
    private final InMemoryProjectionControl control = new InMemoryProjectionControl();
    private final Map<UUID, AtomicInteger> applied = new ConcurrentHashMap<>();
    private final List<PartitionedProjection> projections = new ArrayList<>();

    @AfterEach
    void stopAll() {
        projections.forEach(PartitionedProjection::close);
    }

    private void apply(RecordedEvent event) {
        applied.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
    }

    private PartitionedProjection instance(String name, int segments, boolean controlled) {
        PartitionedProjection projection = create(name, segments, controlled);
        projection.start();
        return projection;
    }

    private PartitionedProjection create(String name, int segments, boolean controlled) {
        ProjectionOptions options = ProjectionOptions.DEFAULTS.withBatchSize(10).withPollInterval(Duration.ofMillis(20));
        PartitionedProjection projection = PartitionedProjection.create(NAME, store, claims,
                claim -> new CheckpointedTarget(claim.name(), this::apply, checkpoints, applied::clear),
                controlled ? options.withControl(control) : options,
                PartitionOptions.of(name, segments).withHeartbeat(Duration.ofMillis(20), Duration.ofMillis(400)));
        projections.add(projection);
        return projection;
    }

    private LogPosition append(int count) {
        AppendResult last = null;
        for (int i = 0; i < count; i++) {
            last = store.append(StreamId.of("acc-" + (i % 23)), ExpectedVersion.any(), EventData.of("E", "{}"));
        }
        return last.lastPosition();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void meters_show_each_segment_and_the_total_and_follow_a_change_of_the_number_of_segments() throws Exception {
        PartitionedProjection projection = create("one", 3, false);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PartitionMetrics.bind(registry, projection);
        LogPosition last = append(90);
        Thread.sleep(1100); // past the shared status's age

        // Not started: no segment claimed, each one all the log behind.
        assertThat(gauge(registry, "eventsourcing4j.partition.segments", "projection", NAME)).isEqualTo(3.0);
        assertThat(gauge(registry, "eventsourcing4j.partition.segments.unclaimed", "projection", NAME)).isEqualTo(3.0);
        assertThat(gauge(registry, "eventsourcing4j.partition.segments.local", "projection", NAME)).isZero();
        assertThat(gauge(registry, "eventsourcing4j.partition.lag.events", "projection", NAME)).isEqualTo(90.0);
        for (String segment : List.of("0", "1", "2")) {
            assertThat(gauge(registry, "eventsourcing4j.partition.segment.lag.events", "projection", NAME,
                    "segment", segment)).isEqualTo(90.0);
            assertThat(gauge(registry, "eventsourcing4j.partition.segment.epoch", "projection", NAME,
                    "segment", segment)).isZero();
        }

        projection.start();
        assertThat(projection.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        Eventually.until(() -> projection.localSegments().size() == 3);
        Thread.sleep(1100);
        assertThat(gauge(registry, "eventsourcing4j.partition.lag.events", "projection", NAME)).isZero();
        assertThat(gauge(registry, "eventsourcing4j.partition.segments.unclaimed", "projection", NAME)).isZero();
        assertThat(gauge(registry, "eventsourcing4j.partition.segments.local", "projection", NAME)).isEqualTo(3.0);
        assertThat(gauge(registry, "eventsourcing4j.partition.checkpoint", "projection", NAME))
                .isEqualTo((double) last.position());
        assertThat(registry.get("eventsourcing4j.partition.events.processed").tags("projection", NAME)
                .functionCounter().count()).isEqualTo(90.0);
        for (String segment : List.of("0", "1", "2")) {
            assertThat(gauge(registry, "eventsourcing4j.partition.segment.lag.events", "projection", NAME,
                    "segment", segment)).isZero();
            assertThat(gauge(registry, "eventsourcing4j.partition.segment.checkpoint", "projection", NAME,
                    "segment", segment)).isEqualTo((double) last.position());
            assertThat(gauge(registry, "eventsourcing4j.partition.segment.epoch", "projection", NAME,
                    "segment", segment)).isEqualTo(1.0);
            assertThat(gauge(registry, "eventsourcing4j.partition.segment.local", "projection", NAME,
                    "segment", segment)).isEqualTo(1.0);
        }

        projection.resize(5);
        last = append(10);
        assertThat(projection.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        Eventually.until(() -> projection.localSegments().size() == 5);
        Thread.sleep(1100);
        assertThat(gauge(registry, "eventsourcing4j.partition.segments", "projection", NAME)).isEqualTo(5.0);
        assertThat(gauge(registry, "eventsourcing4j.partition.generation", "projection", NAME)).isEqualTo(2.0);
        assertThat(registry.find("eventsourcing4j.partition.segment.lag.events").gauges()).hasSize(5);
        assertThat(registry.get("eventsourcing4j.partition.events.processed").tags("projection", NAME)
                .functionCounter().count()).as("the old generation's runners' events still count").isEqualTo(100.0);

        projection.resize(2);
        last = append(10);
        assertThat(projection.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        Thread.sleep(1100);
        assertThat(gauge(registry, "eventsourcing4j.partition.segments", "projection", NAME)).isEqualTo(2.0);
        assertThat(registry.find("eventsourcing4j.partition.segment.lag.events").gauges()).hasSize(2);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getDescription()).isNotBlank());
        assertThat(applied).hasSize(110).allSatisfy((id, times) -> assertThat(times.get()).isEqualTo(1));
    }

    @Test
    void status_names_the_owner_of_each_segment_and_the_unclaimed_ones() throws Exception {
        PartitionedProjection one = instance("one", 4, false);
        PartitionedProjection two = instance("two", 4, false);
        Eventually.until(() -> one.localSegments().size() == 2 && two.localSegments().size() == 2);
        LogPosition last = append(40);
        assertThat(one.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();

        PartitionStatus status = one.status();
        assertThat(status.segments()).extracting(s -> s.owner().orElseThrow())
                .containsOnly("one", "two");
        assertThat(status.segments()).filteredOn(s -> s.owner().orElseThrow().equals("one"))
                .allSatisfy(s -> assertThat(s.local()).isPresent())
                .extracting(PartitionStatus.Segment::segment).containsExactlyElementsOf(one.localSegments());
        assertThat(status.segments()).filteredOn(s -> s.owner().orElseThrow().equals("two"))
                .allSatisfy(s -> assertThat(s.local()).isEmpty());
        assertThat(status.unclaimed()).isZero();
        assertThat(status.lagEvents()).isZero();

        PartitionStatus read = PartitionStatus.read(NAME, claims.layout(NAME, 4), claims, store.lastCommittedPosition(),
                Map.of(), 0);
        assertThat(read.segments()).extracting(PartitionStatus.Segment::owner)
                .containsExactlyElementsOf(status.segments().stream().map(PartitionStatus.Segment::owner).toList());
        assertThat(read.checkpoint()).isEqualTo(last);
    }

    @Test
    void operators_pause_resume_and_rebuild_it_through_the_projection_control() throws Exception {
        PartitionedProjection one = instance("one", 4, true);
        PartitionedProjection two = instance("two", 4, true);
        LogPosition last = append(100);
        assertThat(one.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        Eventually.until(() -> control.reports().size() == 2
                && control.reports().stream().allMatch(r -> r.status().state() == ProjectionStatus.State.RUNNING));
        assertThat(control.reports()).extracting(ProjectionReport::projection).containsOnly(NAME);
        assertThat(control.reports()).extracting(ProjectionReport::instance).containsExactlyInAnyOrder("one", "two");
        assertThat(control.reports()).allSatisfy(r -> assertThat(r.status().waitingFor()).contains("of 4"));

        control.pause(NAME, "operator", Instant.now());
        Eventually.until(() -> one.localSegments().isEmpty() && two.localSegments().isEmpty()
                && control.reports().stream().allMatch(r -> r.status().state() == ProjectionStatus.State.PAUSED));
        LogPosition whilePaused = append(20);
        assertThat(one.awaitProcessed(whilePaused, Duration.ofMillis(300))).as("paused: nothing applied").isFalse();
        assertThat(one.status().unclaimed()).as("the claims are kept while paused").isZero();

        assertThat(control.resume(NAME)).isTrue();
        assertThat(one.awaitProcessed(whilePaused, Duration.ofSeconds(20))).isTrue();
        assertThat(applied).hasSize(120);

        ProjectionRequest request = control.request(NAME, ProjectionRequest.Action.REBUILD, "operator", Instant.now());
        Eventually.until(() -> control.findRequest(request.id()).orElseThrow().isFinished());
        assertThat(control.findRequest(request.id()).orElseThrow().outcome().orElseThrow())
                .startsWith("rebuilt: generation 2 with 4 segments");
        last = append(5);
        assertThat(one.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        assertThat(applied).hasSize(125).allSatisfy((id, times) -> assertThat(times.get()).isEqualTo(1));

        ProjectionRequest reset = control.request(NAME, ProjectionRequest.Action.RESET, "operator", Instant.now());
        Eventually.until(() -> control.findRequest(reset.id()).orElseThrow().isFinished());
        assertThat(control.pauses()).extracting(ProjectionPause::projection).containsExactly(NAME);
        Eventually.until(() -> one.localSegments().isEmpty() && two.localSegments().isEmpty());
        assertThat(applied).as("reset: cleared, and nothing replayed while paused").isEmpty();

        one.stop();
        Eventually.until(() -> control.reports().size() == 1);
        assertThat(control.reports().get(0).instance()).isEqualTo("two");
    }
}

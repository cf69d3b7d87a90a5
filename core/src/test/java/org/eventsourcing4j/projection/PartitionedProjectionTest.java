package org.eventsourcing4j.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * A partitioned projection with all its segments in one process (the in-memory store and
 * claims): every event applied exactly once and in stream order, while instances come and go,
 * the number of segments changes and the projection is rebuilt.
 */
class PartitionedProjectionTest {
    private static final String NAME = "accounts";
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final InMemorySegmentClaims claims = new InMemorySegmentClaims(checkpoints);
    /** Times each event was applied, and the last version applied per stream (order check). */
    private final Map<UUID, AtomicInteger> applied = new ConcurrentHashMap<>();
    private final Map<StreamId, Long> versions = new ConcurrentHashMap<>();
    private final List<String> outOfOrder = new ArrayList<>();
    private final List<PartitionedProjection> projections = new ArrayList<>();

    @AfterEach
    void stopAll() {
        projections.forEach(PartitionedProjection::close);
    }

    private void apply(RecordedEvent event) {
        applied.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
        Long before = versions.put(event.streamId(), event.version());
        if (before != null && before + 1 != event.version()) {
            synchronized (outOfOrder) {
                outOfOrder.add(event.streamId() + ": " + before + " then " + event.version());
            }
        }
    }

    private void reset() {
        applied.clear();
        versions.clear();
    }

    private PartitionedProjection instance(String name, int segments) {
        PartitionedProjection projection = PartitionedProjection.create(NAME, store, claims,
                claim -> new CheckpointedTarget(claim.name(), this::apply, checkpoints, this::reset),
                ProjectionOptions.DEFAULTS.withBatchSize(20).withPollInterval(Duration.ofMillis(20)),
                PartitionOptions.of(name, segments).withHeartbeat(Duration.ofMillis(20), Duration.ofMillis(200)));
        projections.add(projection);
        projection.start();
        return projection;
    }

    private LogPosition append(int count) {
        AppendResult last = null;
        for (int i = 0; i < count; i++) {
            last = store.append(StreamId.of("acc-" + (i % 37)), ExpectedVersion.any(), EventData.of("E", "{}"));
        }
        return last.lastPosition();
    }

    private void assertExactlyOnce(int events) {
        assertThat(applied).hasSize(events);
        assertThat(applied.values()).allSatisfy(times -> assertThat(times.get()).isEqualTo(1));
        assertThat(outOfOrder).isEmpty();
    }

    @Test
    void a_stream_always_falls_in_the_same_segment_and_the_segments_share_the_streams() {
        int[] counts = new int[8];
        for (int i = 0; i < 8000; i++) {
            int segment = Segments.of(StreamId.of("account-" + i), 8);
            assertThat(segment).isEqualTo(Segments.of(StreamId.of("account-" + i), 8)).isBetween(0, 7);
            counts[segment]++;
        }
        // CRC-32 of the UTF-8 bytes: a fixed value, the same in every JVM.
        assertThat(Segments.of(StreamId.of("account-1"), 1024)).isEqualTo((int) (crc("account-1") % 1024));
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(800, 1200));
        assertThatThrownBy(() -> Segments.of(StreamId.of("a"), 0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("segments");
    }

    private static long crc(String text) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
    }

    @Test
    void shares_are_fair_and_differ_by_at_most_one() {
        List<String> members = List.of("c", "a", "b");
        assertThat(SegmentClaims.share(members, "a", 8)).containsExactlyInAnyOrder(0, 3, 6);
        assertThat(SegmentClaims.share(members, "b", 8)).containsExactlyInAnyOrder(1, 4, 7);
        assertThat(SegmentClaims.share(members, "c", 8)).containsExactlyInAnyOrder(2, 5);
        assertThat(SegmentClaims.share(members, "d", 8)).isEmpty();
    }

    @RepeatedTest(3)
    void two_instances_share_the_segments_and_one_takes_all_when_the_other_stops() throws Exception {
        PartitionedProjection first = instance("one", 4);
        PartitionedProjection second = instance("two", 4);
        LogPosition last = append(500);
        assertThat(first.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        assertExactlyOnce(500);
        Eventually.until(() -> first.localSegments().size() == 2 && second.localSegments().size() == 2);
        assertThat(first.localSegments()).doesNotContainAnyElementsOf(second.localSegments());

        second.stop();
        last = append(300);
        assertThat(first.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        Eventually.until(() -> first.localSegments().size() == 4);
        assertExactlyOnce(800);
        PartitionStatus status = first.status();
        assertThat(status.segments()).hasSize(4).allSatisfy(segment -> {
            assertThat(segment.owner()).contains("one");
            assertThat(segment.checkpoint()).isEqualTo(status.head());
        });
        assertThat(status.lagEvents()).isZero();
    }

    @RepeatedTest(3)
    void changing_the_number_of_segments_while_appending_neither_skips_nor_repeats_an_event() throws Exception {
        PartitionedProjection first = instance("one", 3);
        instance("two", 3);
        CountDownLatch writing = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 40; i++) {
                append(25);
                writing.countDown();
            }
        });
        writer.start();
        writing.await();
        SegmentLayout five = first.resize(5);
        assertThat(five.segments()).isEqualTo(5);
        assertThat(five.priorSegments()).isEqualTo(3);
        writer.join();
        LogPosition last = append(10);
        assertThat(first.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        assertExactlyOnce(1010);

        SegmentLayout two = first.resize(2);
        assertThat(two.generation()).isEqualTo(five.generation() + 1);
        last = append(10);
        assertThat(first.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        assertExactlyOnce(1020);
        assertThat(first.status().segments()).hasSize(2);
    }

    @Test
    void a_rebuild_replays_every_segment_from_the_start() throws Exception {
        PartitionedProjection first = instance("one", 4);
        LogPosition last = append(200);
        assertThat(first.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        SegmentLayout rebuilt = first.rebuild();
        assertThat(rebuilt.priorSegments()).isZero();
        last = append(50);
        assertThat(first.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
        assertExactlyOnce(250);
    }

    @Test
    void a_stale_owner_commits_nothing() {
        MutableTestClock clock = new MutableTestClock();
        Duration timeout = Duration.ofSeconds(10);
        SegmentAssignment mine = claims.heartbeat(NAME, "old", 1, clock.instant(), timeout);
        SegmentClaim stale = mine.held().get(0);
        clock.advance(timeout.plusSeconds(1)); // "old" misses its heartbeats
        SegmentClaim taken = claims.heartbeat(NAME, "new", 1, clock.instant(), timeout).held().get(0);
        assertThat(taken.epoch()).isEqualTo(stale.epoch() + 1);
        assertThat(taken.owner()).isEqualTo("new");

        append(1);
        RecordedEvent event = store.readAll(LogPosition.START, 1).events().get(0);
        SegmentTarget staleTarget = new SegmentTarget(stale, mine.layout(),
                new CheckpointedTarget(stale.name(), this::apply, checkpoints, this::reset), claims);
        assertThat(staleTarget.commit(List.of(event), LogPosition.START, event.logPosition())).isFalse();
        assertThat(applied).isEmpty();
        assertThat(checkpoints.load(stale.name())).isEqualTo(LogPosition.START);

        SegmentTarget current = new SegmentTarget(taken, mine.layout(),
                new CheckpointedTarget(taken.name(), this::apply, checkpoints, this::reset), claims);
        assertThat(current.commit(List.of(event), LogPosition.START, event.logPosition())).isTrue();
        assertThat(applied).containsOnlyKeys(event.eventId());
        // The old owner's next heartbeat finds the segment gone.
        assertThat(claims.heartbeat(NAME, "old", 1, clock.instant(), timeout).held()).isEmpty();
    }

    /** Polls a condition for up to 20 s. */
    static final class Eventually {
        static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met within 20 s");
                }
                Thread.sleep(10);
            }
        }
    }
}

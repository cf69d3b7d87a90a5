package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eventsourcing4j.projection.FencedTarget;
import org.eventsourcing4j.projection.PartitionOptions;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.projection.SegmentAssignment;
import org.eventsourcing4j.projection.SegmentClaim;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.projection.SegmentLayout;
import org.eventsourcing4j.projection.Segments;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.SegmentRecording.Applied;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must guarantee to a partitioned projection ({@link PartitionedProjection}):
 * each event is applied exactly once, by the segment of its stream and in the stream's order,
 * while writers append, instances join, stop or are abandoned, the number of segments changes
 * and the projection is rebuilt; a stale owner commits nothing; the claim's epoch reaches the
 * handler; {@code awaitProcessed} waits for every segment.
 *
 * <p>Several instances run in this JVM, each with the claims {@link #newClaims} gives it (the
 * same shared state, as separate processes share the claims table). Extend it with a store,
 * its claims and a {@link SegmentRecording} whose read model lives where the store keeps read
 * models ({@link InMemorySegmentRecording}, {@link JdbcSegmentRecording}).
 */
public abstract class PartitionedProjectionContract {
    private static final String NAME = "ledger";
    private static final Duration HEARTBEAT = Duration.ofMillis(25);
    private static final Duration CLAIM_TIMEOUT = Duration.ofMillis(500);

    private EventStore store;
    private SegmentRecording recording;
    private final List<Instance> instances = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();
    /** Wraps every segment commit of every instance: where a test watches or holds commits up. */
    private volatile Around around = (claim, commit) -> commit.getAsBoolean();

    /** A fresh, empty store. */
    protected abstract EventStore newStore() throws Exception;

    /**
     * The segment claims of one instance: called once per instance, each call on the same
     * shared state (the same in-memory claims, or claims on the same tables).
     */
    protected abstract SegmentClaims newClaims(EventStore store) throws Exception;

    /** A fresh recording read model next to {@code store}; its targets get the claims {@link #newClaims} gave. */
    protected abstract SegmentRecording newRecording(EventStore store) throws Exception;

    protected void disposeStore(EventStore store) {
        store.close();
    }

    /** How long a test waits for the projection to get somewhere; a guard against broken parts shortens it. */
    protected Duration patience() {
        return Duration.ofSeconds(60);
    }

    @BeforeEach
    final void createStore() throws Exception {
        store = newStore();
        recording = newRecording(store);
    }

    @AfterEach
    final void releaseStore() {
        synchronized (gates) {
            gates.forEach(CountDownLatch::countDown);
        }
        instances.forEach(instance -> instance.projection.close());
        disposeStore(store);
    }

    @Test
    void every_event_is_applied_once_in_stream_order_by_its_segment_with_its_claims_epoch_while_writers_append()
            throws Exception {
        appendAcross("old-", 200);
        recording.failOnceOn(event -> event.version() % 7 == 3); // each such event fails once, then is retried
        Instance one = start("one", 4);
        List<Race.Outcome<LogPosition>> writers = Race.run(4, w -> () -> appendAcross("live-" + w + "-", 100));
        assertThat(writers).allSatisfy(o -> assertThat(o.error()).isNull());
        LogPosition last = writers.stream().map(Race.Outcome::value).max(LogPosition::compareTo).orElseThrow();
        await(one, last);

        List<Applied> applied = assertExactlyOnceInStreamOrder(600);
        Map<Integer, SegmentClaim> claims = claimsBySegment(one);
        long generation = one.claims.layout(NAME, 4).generation();
        assertThat(claims).hasSize(4);
        assertThat(applied).allSatisfy(a -> {
            assertThat(a.segment()).as("segment of %s", a.stream()).isEqualTo(Segments.of(StreamId.of(a.stream()), 4));
            assertThat(a.generation()).isEqualTo(generation);
            assertThat(a.owner()).isEqualTo("one");
            assertThat(a.epoch()).as("the epoch the handler got").isEqualTo(claims.get(a.segment()).epoch());
        });
        assertThat(applied).extracting(Applied::segment).as("every segment applied events").containsOnly(0, 1, 2, 3);
        assertThat(one.projection.status().segments().stream()
                .mapToLong(s -> s.local().map(ProjectionStatus::retried).orElse(0L)).sum())
                .as("retries of the events that failed once").isPositive();
    }

    @Test
    void instances_share_the_segments_fairly_and_the_survivors_take_over_when_one_stops() throws Exception {
        Instance[] three = threeSharingSixSegments(300);
        Instance a = three[0];
        Instance b = three[1];
        Instance c = three[2];
        assertExactlyOnceInStreamOrder(300);
        Map<Integer, SegmentClaim> before = claimsBySegment(a);
        Set<Integer> left = owned(before, "b");

        b.projection.stop();
        until("the two survivors run three segments each, none the same", () -> fair(6, a, c));
        await(a, appendAcross("second-", 300));
        assertTakenOver(left, before, claimsBySegment(a), assertExactlyOnceInStreamOrder(600), "second-", "a", "c");
    }

    @Test
    void an_abandoned_instances_segments_move_to_the_survivors_and_its_late_commits_are_fenced() throws Exception {
        Instance[] three = threeSharingSixSegments(120);
        Instance a = three[0];
        Instance b = three[1];
        Instance c = three[2];
        Map<Integer, SegmentClaim> before = claimsBySegment(a);
        Set<Integer> abandoned = owned(before, "c");

        // c stops heartbeating (its coordinator hangs) while its clock stands still: its segment
        // runners go on believing they hold their claims, as after a long pause or a partition.
        c.claims.holdHeartbeats();
        until("the survivors take the abandoned segments over", () -> fair(6, a, b));
        assertThat(c.projection.localSegments()).as("segments the abandoned instance still runs")
                .containsExactlyInAnyOrderElementsOf(abandoned);

        AtomicInteger lateAttempts = new AtomicInteger();
        AtomicInteger lateCommits = new AtomicInteger();
        CountDownLatch tried = gate();
        around = (claim, commit) -> {
            if (claim.owner().equals("c")) {
                boolean committed = commit.getAsBoolean();
                lateAttempts.incrementAndGet();
                if (committed) {
                    lateCommits.incrementAndGet();
                }
                tried.countDown();
                return committed;
            }
            if (abandoned.contains(claim.segment())) {
                await(tried, "the abandoned instance trying to commit"); // the new owner goes second
            }
            return commit.getAsBoolean();
        };
        await(a, appendAcross("late-", 120));
        assertThat(lateAttempts.get()).as("commits the abandoned instance tried after the take-over").isPositive();
        assertThat(lateCommits.get()).as("commits of the abandoned instance that went through").isZero();
        assertTakenOver(abandoned, before, claimsBySegment(a), assertExactlyOnceInStreamOrder(240), "late-", "a", "b");

        c.claims.resumeHeartbeats();
        until("the abandoned instance, back, finds its segments gone", () -> c.projection.localSegments().isEmpty());
        assertThat(claimsBySegment(a).values()).extracting(SegmentClaim::owner).doesNotContain("c");
    }

    @Test
    void a_stale_owner_commits_nothing_after_a_take_over_or_a_resize() throws Exception {
        SegmentClaims claims = newClaims(store);
        MutableClock clock = MutableClock.startingAt2026();
        Duration timeout = Duration.ofSeconds(10);
        SegmentAssignment first = claims.heartbeat(NAME, "old", 1, clock.instant(), timeout);
        assertThat(first.held()).hasSize(1);
        SegmentClaim stale = first.held().get(0);
        clock.advance(timeout.plusSeconds(1)); // "old" missed its heartbeats
        List<SegmentClaim> taken = claims.heartbeat(NAME, "new", 1, clock.instant(), timeout).held();
        assertThat(taken).hasSize(1);
        SegmentClaim current = taken.get(0);
        assertThat(current.owner()).isEqualTo("new");
        assertThat(current.name()).isEqualTo(stale.name());
        assertThat(current.epoch()).as("epoch after the take-over").isGreaterThan(stale.epoch());

        RecordedEvent one = recorded(append("acc-1"));
        assertThat(commit(claims, stale, List.of(one), LogPosition.START, one.logPosition()))
                .as("commit of the owner taken over").isFalse();
        assertThat(recording.applied()).as("applied by the stale owner").isEmpty();
        assertThat(claims.checkpoints().load(stale.name())).isEqualTo(LogPosition.START);
        assertThat(commit(claims, current, List.of(one), LogPosition.START, one.logPosition())).isTrue();
        assertThat(recording.applied()).singleElement().satisfies(a -> {
            assertThat(a.eventId()).isEqualTo(one.eventId());
            assertThat(a.owner()).isEqualTo("new");
            assertThat(a.epoch()).isEqualTo(current.epoch());
        });
        assertThat(claims.heartbeat(NAME, "old", 1, clock.instant(), timeout).held())
                .as("what the old owner holds at its next heartbeat").isEmpty();

        // A resize fences the whole generation, its current owners included.
        SegmentLayout two = claims.resize(NAME, 2);
        assertThat(two.generation()).isGreaterThan(current.generation());
        assertThat(two.priorCheckpoints()).containsExactly(one.logPosition());
        RecordedEvent next = recorded(append("acc-1"));
        assertThat(commit(claims, current, List.of(next), one.logPosition(), next.logPosition()))
                .as("commit of the old generation after the resize").isFalse();
        assertThat(claims.holds(current)).isFalse();
        assertThat(recording.applied()).extracting(Applied::eventId).containsExactly(one.eventId());
        assertThat(claims.checkpoints().load(current.name())).isEqualTo(one.logPosition());
        assertThat(claims.heartbeat(NAME, "new", 1, clock.instant(), timeout).held())
                .as("claims of the new generation").isNotEmpty().allSatisfy(claim -> {
                    assertThat(claim.generation()).isEqualTo(two.generation());
                    assertThat(claim.epoch()).as("epochs keep growing across generations")
                            .isGreaterThan(current.epoch());
                });
    }

    @Test
    void changing_the_number_of_segments_twice_while_appending_neither_skips_nor_repeats_an_event() throws Exception {
        Instance a = start("a", 3);
        start("b", 3);
        try (Writer writer = new Writer()) {
            await(a, writer.awaitAppended(50));
            long first = a.claims.layout(NAME, 3).generation();

            SegmentLayout five = a.projection.resize(5);
            assertThat(five.segments()).isEqualTo(5);
            assertThat(five.priorSegments()).isEqualTo(3);
            await(a, appendAcross("five-", 40)); // applied by the 5 segments, the writer going on
            await(a, writer.last()); // every new segment past where the old ones stopped

            SegmentLayout two = a.projection.resize(2);
            assertThat(two.generation()).isEqualTo(five.generation() + 1);
            assertThat(two.priorSegments()).isEqualTo(5);
            await(a, appendAcross("two-", 40));
            writer.stop();
            await(a, writer.last());

            List<Applied> applied = assertExactlyOnceInStreamOrder(-1);
            assertThat(applied).extracting(Applied::generation).as("generations that applied events")
                    .contains(first, five.generation(), two.generation());
            assertThat(a.projection.status().segments()).hasSize(2);
        }
    }

    @Test
    void a_rebuild_replays_every_segment_from_the_start_while_appends_go_on() throws Exception {
        Instance a = start("a", 4);
        start("b", 4);
        await(a, appendAcross("before-", 200));
        long generation = a.claims.layout(NAME, 4).generation();
        try (Writer writer = new Writer()) {
            writer.awaitAppended(20);
            SegmentLayout rebuilt = a.projection.rebuild();
            assertThat(rebuilt.generation()).isGreaterThan(generation);
            assertThat(rebuilt.segments()).isEqualTo(4);
            assertThat(rebuilt.priorSegments()).isZero();
            writer.awaitAppended(100);
            writer.stop();
            await(a, writer.last());

            List<Applied> applied = assertExactlyOnceInStreamOrder(-1);
            assertThat(applied).as("every event applied again by the rebuilt generation")
                    .allSatisfy(e -> assertThat(e.generation()).isEqualTo(rebuilt.generation()));
        }
    }

    @Test
    void await_processed_waits_for_every_segment() throws Exception {
        Instance one = start("one", 4);
        CountDownLatch holding = gate();
        CountDownLatch release = gate();
        around = (claim, commit) -> {
            if (claim.segment() == 0) {
                holding.countDown();
                await(release, "the test releasing segment 0");
            }
            return commit.getAsBoolean();
        };
        LogPosition last = appendAcross("acc-", 100);
        assertThat(log()).extracting(e -> Segments.of(e.streamId(), 4)).as("segments of the events").contains(0, 1, 2, 3);
        await(holding, "segment 0 to commit a page");
        long generation = one.claims.layout(NAME, 4).generation();
        until("segments 1 to 3 processed everything", () -> {
            for (int segment = 1; segment < 4; segment++) {
                if (last.isAfter(one.claims.checkpoints().load(Segments.name(NAME, generation, segment)))) {
                    return false;
                }
            }
            return true;
        });

        assertThat(one.projection.awaitProcessed(last, Duration.ofMillis(300)))
                .as("processed while segment 0 is held up").isFalse();
        assertThat(last.isAfter(one.claims.checkpoints().load(Segments.name(NAME, generation, 0))))
                .as("segment 0 behind").isTrue();
        release.countDown();
        await(one, last);
        assertExactlyOnceInStreamOrder(100);
    }

    // ---- instances ----

    private Instance start(String name, int segments) throws Exception {
        Instance instance = new Instance(name, segments, newClaims(store));
        instances.add(instance);
        instance.projection.start();
        return instance;
    }

    /** One instance of the projection, with its own clock and a hold on its heartbeats. */
    private final class Instance {
        final InstanceClock clock = new InstanceClock();
        final HeldHeartbeats claims;
        final PartitionedProjection projection;

        Instance(String name, int segments, SegmentClaims shared) {
            claims = new HeldHeartbeats(shared, clock);
            projection = PartitionedProjection.create(NAME, store, claims,
                    claim -> observed(claim, recording.target(claim, shared)),
                    ProjectionOptions.DEFAULTS.withBatchSize(20).withPollInterval(Duration.ofMillis(20))
                            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(10)).withClock(clock),
                    PartitionOptions.of(name, segments).withHeartbeat(HEARTBEAT, CLAIM_TIMEOUT));
        }
    }

    /** The system clock until frozen: an abandoned instance's runners then never see their claims lapse. */
    private static final class InstanceClock extends Clock {
        private volatile Instant frozen;

        void freeze(Instant at) {
            frozen = at;
        }

        @Override
        public Instant instant() {
            Instant at = frozen;
            return at != null ? at : Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("always UTC");
        }
    }

    /**
     * An instance's claims: its heartbeats can be held up (it is then abandoned, as after a
     * hang), and its fenced commits go through {@link #around}.
     */
    private final class HeldHeartbeats extends ForwardingSegmentClaims {
        private final InstanceClock clock;
        private final CountDownLatch held = gate();
        private volatile CountDownLatch hold;

        HeldHeartbeats(SegmentClaims delegate, InstanceClock clock) {
            super(delegate);
            this.clock = clock;
        }

        /** Holds the next heartbeat up and freezes the clock at its time; returns once it is held. */
        void holdHeartbeats() throws InterruptedException {
            hold = gate();
            await(held, "a heartbeat to be held up");
        }

        void resumeHeartbeats() {
            hold.countDown();
        }

        @Override
        public SegmentAssignment heartbeat(String projection, String instance, int initialSegments, Instant now,
                                           Duration timeout) {
            CountDownLatch gate = hold;
            if (gate != null && gate.getCount() > 0) {
                clock.freeze(now);
                held.countDown();
                await(gate, "the test resuming the heartbeats");
            }
            return super.heartbeat(projection, instance, initialSegments, now, timeout);
        }

        @Override
        public boolean commitFenced(SegmentClaim claim, BooleanSupplier commit) {
            return around.commit(claim, () -> super.commitFenced(claim, commit));
        }
    }

    /** One segment commit, as the test sees it: runs {@code commit} (or not) and says whether it committed. */
    @FunctionalInterface
    private interface Around {
        boolean commit(SegmentClaim claim, BooleanSupplier commit);
    }

    /**
     * A target that fences by epoch itself is committed directly: its commits are watched here.
     * Any other target commits within {@link SegmentClaims#commitFenced}, watched by
     * {@link HeldHeartbeats} outside that call (the in-memory claims hold their lock in it).
     */
    private ProjectionTarget observed(SegmentClaim claim, ProjectionTarget target) {
        return target instanceof FencedTarget ? new ObservedFenced(claim, target) : target;
    }

    /** A fencing target whose commits go through {@link #around}. */
    private final class ObservedFenced extends ForwardingProjectionTarget implements FencedTarget {
        private final SegmentClaim claim;

        ObservedFenced(SegmentClaim claim, ProjectionTarget target) {
            super(target);
            this.claim = claim;
        }

        @Override
        public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
            return around.commit(claim, () -> super.commit(events, from, to));
        }
    }

    /**
     * Commits a page as the partitioned projection does: a {@link FencedTarget} fences itself,
     * any other target commits within {@link SegmentClaims#commitFenced}.
     */
    private boolean commit(SegmentClaims claims, SegmentClaim claim, List<RecordedEvent> events, LogPosition from,
                           LogPosition to) {
        ProjectionTarget target = recording.target(claim, claims);
        return target instanceof FencedTarget ? target.commit(events, from, to)
                : claims.commitFenced(claim, () -> target.commit(events, from, to));
    }

    /** Appends until stopped (at most 5,000 events, about 5 a millisecond at most), from its own thread. */
    private final class Writer implements AutoCloseable {
        private final AtomicBoolean writing = new AtomicBoolean(true);
        private final AtomicInteger appended = new AtomicInteger();
        private final AtomicReference<LogPosition> last = new AtomicReference<>(LogPosition.START);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Writer() {
            thread = new Thread(() -> {
                try {
                    for (int i = 0; writing.get() && i < 5_000; i++) {
                        last.set(append("w-" + (i % 29)).lastPosition());
                        if (appended.incrementAndGet() % 5 == 0) {
                            Thread.sleep(1); // paced, so that the appends go on through what the test does
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "writer");
            thread.start();
        }

        /** Waits until it has appended {@code count} events; returns the last one's position. */
        LogPosition awaitAppended(int count) throws InterruptedException {
            until("the writer appending " + count + " events", () -> appended.get() >= count || !thread.isAlive());
            assertThat(failure.get()).as("writer failure").isNull();
            assertThat(appended.get()).as("events appended").isGreaterThanOrEqualTo(count);
            return last.get();
        }

        LogPosition last() {
            return last.get();
        }

        void stop() throws InterruptedException {
            writing.set(false);
            thread.join(patience().toMillis());
            assertThat(failure.get()).as("writer failure").isNull();
        }

        @Override
        public void close() throws InterruptedException {
            writing.set(false);
            thread.join(patience().toMillis());
        }
    }

    // ---- helpers ----

    private org.eventsourcing4j.store.AppendResult append(String stream) {
        return store.append(StreamId.of(stream), ExpectedVersion.any(), EventData.of("E", "{}"));
    }

    /** Appends {@code count} events over 23 streams named {@code prefix} and a number; returns the last position. */
    private LogPosition appendAcross(String prefix, int count) {
        LogPosition last = LogPosition.START;
        for (int i = 0; i < count; i++) {
            last = append(prefix + (i % 23)).lastPosition();
        }
        return last;
    }

    private RecordedEvent recorded(org.eventsourcing4j.store.AppendResult result) throws InterruptedException {
        LogPosition before = LogPosition.START;
        for (RecordedEvent event : log()) {
            if (event.logPosition().equals(result.lastPosition())) {
                return event;
            }
            before = event.logPosition();
        }
        throw new AssertionError("appended event at " + result.lastPosition() + " not in the log (last " + before + ")");
    }

    /**
     * The whole log up to its last committed position. An empty page before it is read again:
     * a store may hold readers back while a transaction that appended is still open.
     */
    private List<RecordedEvent> log() throws InterruptedException {
        LogPosition end = store.lastCommittedPosition();
        List<RecordedEvent> all = new ArrayList<>();
        LogPosition after = LogPosition.START;
        long deadline = System.nanoTime() + patience().toNanos();
        while (end.isAfter(after)) {
            LogPage page = store.readAll(after, 500);
            if (page.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the log ends at " + after + ", its last committed position is " + end);
                }
                Thread.sleep(10);
                continue;
            }
            all.addAll(page.events());
            after = page.next();
        }
        return all;
    }

    /**
     * Every event of the log applied exactly once, each after the event of its stream before it.
     *
     * @param expected the number of events in the log, -1 when the test does not know it
     */
    private List<Applied> assertExactlyOnceInStreamOrder(int expected) throws InterruptedException {
        List<RecordedEvent> log = log();
        if (expected >= 0) {
            assertThat(log).as("events in the log").hasSize(expected);
        }
        List<Applied> applied = recording.applied();
        Map<UUID, Applied> byEvent = new HashMap<>();
        List<UUID> repeated = new ArrayList<>();
        for (Applied a : applied) {
            if (byEvent.put(a.eventId(), a) != null) {
                repeated.add(a.eventId());
            }
        }
        assertThat(repeated).as("events applied more than once").isEmpty();
        List<String> missing = new ArrayList<>();
        List<String> outOfOrder = new ArrayList<>();
        Map<StreamId, Long> previous = new HashMap<>();
        for (RecordedEvent event : log) {
            Applied a = byEvent.remove(event.eventId());
            long before = previous.getOrDefault(event.streamId(), -1L);
            previous.put(event.streamId(), event.version());
            if (a == null) {
                missing.add(event.streamId() + "@" + event.version());
            } else if (a.previous() != before) {
                outOfOrder.add(event.streamId() + "@" + event.version() + " applied after version " + a.previous());
            }
        }
        assertThat(missing).as("events of the log never applied").isEmpty();
        assertThat(byEvent.keySet()).as("applied events not in the log").isEmpty();
        assertThat(outOfOrder).as("events applied out of their stream's order").isEmpty();
        return applied;
    }

    /** Instances a, b and c on 6 segments, once each runs two of them and they processed {@code events} events. */
    private Instance[] threeSharingSixSegments(int events) throws Exception {
        Instance[] three = {start("a", 6), start("b", 6), start("c", 6)};
        until("three instances run two segments each, none the same", () -> fair(6, three));
        await(three[0], appendAcross("first-", events));
        return three;
    }

    /**
     * Segments {@code moved} went to one of {@code survivors} with a higher epoch than
     * {@code before}, and the events of streams {@code prefix}… were applied by the owner and
     * under the epoch of their segment's claim {@code after}.
     */
    private static void assertTakenOver(Set<Integer> moved, Map<Integer, SegmentClaim> before,
                                        Map<Integer, SegmentClaim> after, List<Applied> applied, String prefix,
                                        String... survivors) {
        assertThat(moved).as("segments that moved").hasSize(2);
        for (int segment : moved) {
            assertThat(after.get(segment).owner()).as("owner of segment %s", segment).isIn(List.of(survivors));
            assertThat(after.get(segment).epoch()).as("epoch of segment %s", segment)
                    .isGreaterThan(before.get(segment).epoch());
        }
        assertThat(applied).filteredOn(a -> a.stream().startsWith(prefix)).isNotEmpty().allSatisfy(a -> {
            SegmentClaim claim = after.get(a.segment());
            assertThat(a.owner()).as("owner applying %s", a.stream()).isEqualTo(claim.owner());
            assertThat(a.epoch()).as("epoch applying %s", a.stream()).isEqualTo(claim.epoch());
        });
    }

    private Map<Integer, SegmentClaim> claimsBySegment(Instance instance) {
        Map<Integer, SegmentClaim> bySegment = new HashMap<>();
        instance.claims.claims(NAME).forEach(claim -> bySegment.put(claim.segment(), claim));
        return bySegment;
    }

    private static Set<Integer> owned(Map<Integer, SegmentClaim> claims, String owner) {
        Set<Integer> segments = new HashSet<>();
        claims.forEach((segment, claim) -> {
            if (claim.owner().equals(owner)) {
                segments.add(segment);
            }
        });
        return segments;
    }

    /** Whether {@code live} run all {@code segments} between them, none twice, their shares differing by at most one. */
    private static boolean fair(int segments, Instance... live) {
        Set<Integer> all = new HashSet<>();
        int total = 0;
        int least = Integer.MAX_VALUE;
        int most = 0;
        for (Instance instance : live) {
            List<Integer> mine = instance.projection.localSegments();
            all.addAll(mine);
            total += mine.size();
            least = Math.min(least, mine.size());
            most = Math.max(most, mine.size());
        }
        return total == segments && all.size() == segments && most - least <= 1;
    }

    private void await(Instance instance, LogPosition position) throws InterruptedException {
        assertThat(instance.projection.awaitProcessed(position, patience()))
                .as(() -> "processed up to " + position + ": " + instance.projection.status()).isTrue();
    }

    private CountDownLatch gate() {
        CountDownLatch gate = new CountDownLatch(1);
        synchronized (gates) {
            gates.add(gate);
        }
        return gate;
    }

    /** Waits for {@code gate}; a broken part that never opens it fails the test instead of hanging it. */
    private void await(CountDownLatch gate, String what) {
        try {
            if (!gate.await(patience().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("waited " + patience() + " for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }

    /** Polls {@code condition} every 10 ms until it holds, failing after {@link #patience()}. */
    private void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience().toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + patience() + ": " + what);
            }
            Thread.sleep(10);
        }
    }
}

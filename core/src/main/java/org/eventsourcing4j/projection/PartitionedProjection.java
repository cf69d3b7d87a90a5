package org.eventsourcing4j.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A projection run in segments, shared by the instances that start it: each event belongs to
 * the segment of its stream ({@link Segments#of}), so per-stream order holds and each event
 * is handled by one segment. Each instance heartbeats into the {@link SegmentClaims}, claims
 * its fair share of the segments and runs one {@link ProjectionRunner} per claimed segment,
 * each with its own checkpoint ({@link Segments#name}). When an instance joins, stops or
 * dies, the segments are dealt again: a stopping instance releases them at once, a dead
 * one's claims expire after {@link PartitionOptions#claimTimeout()}.
 *
 * <p>Each segment's target comes from {@code targets}, given the {@link SegmentClaim}: a
 * handler with side effects outside the database can pass its epoch on. A target that fences
 * commits by the epoch in its own transaction ({@link FencedTarget}) gives exactly-once
 * effects per segment across take-overs.
 *
 * <p>All segments can run in one process through the same API (in-memory or SQLite store:
 * {@link InMemorySegmentClaims} or the claims table, one instance).
 */
public final class PartitionedProjection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionedProjection.class);

    private final String name;
    private final GlobalLogReader log;
    private final SegmentClaims claims;
    private final Function<SegmentClaim, ProjectionTarget> targets;
    private final ProjectionOptions options;
    private final PartitionOptions partition;
    private final Map<SegmentClaim, ProjectionRunner> running = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private volatile Instant renewedAt = Instant.MIN;
    private volatile SegmentAssignment assignment;
    private volatile boolean stopping;
    private Thread thread;

    private PartitionedProjection(String name, GlobalLogReader log, SegmentClaims claims,
                                  Function<SegmentClaim, ProjectionTarget> targets, ProjectionOptions options,
                                  PartitionOptions partition) {
        this.name = Text.identifier(name, "projection name", 180);
        this.log = Checks.notNull(log, "log");
        this.claims = Checks.notNull(claims, "segment claims");
        this.targets = Checks.notNull(targets, "targets");
        this.options = Checks.notNull(options, "options");
        this.partition = Checks.notNull(partition, "partition options");
    }

    /**
     * A partitioned projection {@code name} on this instance, not started.
     *
     * @param targets the target of one segment, given its claim; its checkpoint must be the
     *                one named {@link SegmentClaim#name()} in {@code claims.checkpoints()}
     * @param options how each segment's runner runs (its lease is the claim; a control is not used)
     */
    public static PartitionedProjection create(String name, GlobalLogReader log, SegmentClaims claims,
                                               Function<SegmentClaim, ProjectionTarget> targets,
                                               ProjectionOptions options, PartitionOptions partition) {
        return new PartitionedProjection(name, log, claims, targets, options, partition);
    }

    public String name() {
        return name;
    }

    public PartitionOptions partition() {
        return partition;
    }

    /** Starts heartbeating and running the claimed segments. Starting a running one does nothing. */
    public synchronized void start() {
        if (thread != null && thread.isAlive()) {
            return;
        }
        stopping = false;
        thread = new Thread(this::coordinate, "partitioned-" + name + "-" + partition.instance());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops every segment after its page in hand, releases the claims and leaves, so the others take over at once. */
    public synchronized void stop() {
        stopping = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The segments this instance runs now, by segment number. */
    public List<Integer> localSegments() {
        List<Integer> segments = new ArrayList<>();
        running.keySet().forEach(claim -> segments.add(claim.segment()));
        segments.sort(Integer::compareTo);
        return segments;
    }

    /** The last assignment this instance's heartbeat got; empty before the first. */
    public Optional<SegmentAssignment> assignment() {
        return Optional.ofNullable(assignment);
    }

    /** Changes the number of segments while running (see {@link SegmentClaims#resize}); the instances follow within a heartbeat. */
    public SegmentLayout resize(int segments) {
        SegmentLayout layout = claims.resize(name, segments);
        wake();
        return layout;
    }

    /**
     * Clears the read model and replays every segment from the start of the log while appends
     * go on; the instances follow within a heartbeat.
     */
    public SegmentLayout rebuild() {
        SegmentLayout layout = claims.restart(name, next -> targets.apply(
                new SegmentClaim(name, next.generation(), 0, next.segments(), 0, partition.instance())).reset());
        wake();
        return layout;
    }

    /**
     * Waits until every segment has processed the log up to {@code position}, reading the
     * segments' checkpoints every 10 ms (those of other instances' segments too: the read
     * model is shared).
     *
     * @return false when the timeout passed first
     */
    public boolean awaitProcessed(LogPosition position, Duration timeout) throws InterruptedException {
        Checks.notNull(position, "position");
        Instant deadline = Instant.now().plus(Checks.notNull(timeout, "timeout"));
        int from = 0;
        while (true) {
            SegmentLayout layout = claims.layout(name, partition.segments());
            while (from < layout.segments()
                    && !position.isAfter(claims.checkpoints().load(Segments.name(name, layout.generation(), from)))) {
                from++;
            }
            if (from >= layout.segments()) {
                if (claims.layout(name, partition.segments()).generation() == layout.generation()) {
                    return true;
                }
                from = 0; // the segmentation changed meanwhile: check the new one's segments
            }
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(10);
        }
    }

    /** Every segment's checkpoint, owner and lag, and the total. Reads the claims and checkpoints (a few queries). */
    public PartitionStatus status() {
        SegmentLayout layout = claims.layout(name, partition.segments());
        LogPosition head = log.lastCommittedPosition();
        Map<Integer, SegmentClaim> owners = new HashMap<>();
        claims.claims(name).forEach(claim -> owners.put(claim.segment(), claim));
        Map<Integer, ProjectionRunner> local = new HashMap<>();
        running.forEach((claim, runner) -> {
            if (claim.generation() == layout.generation()) {
                local.put(claim.segment(), runner);
            }
        });
        List<PartitionStatus.Segment> segments = new ArrayList<>();
        LogPosition lowest = null;
        long processed = 0;
        for (int segment = 0; segment < layout.segments(); segment++) {
            LogPosition checkpoint = claims.checkpoints().load(Segments.name(name, layout.generation(), segment));
            SegmentClaim owner = owners.get(segment);
            Optional<ProjectionStatus> mine = Optional.ofNullable(local.get(segment)).map(ProjectionRunner::status);
            processed += mine.map(ProjectionStatus::processed).orElse(0L);
            segments.add(new PartitionStatus.Segment(segment, Optional.ofNullable(owner).map(SegmentClaim::owner),
                    owner == null ? 0 : owner.epoch(), checkpoint, lag(head, checkpoint), mine));
            lowest = lowest == null || lowest.isAfter(checkpoint) ? checkpoint : lowest;
        }
        return new PartitionStatus(name, layout, segments, head, lowest, lag(head, lowest), processed);
    }

    private static long lag(LogPosition head, LogPosition checkpoint) {
        return Math.max(0, head.position() - checkpoint.position());
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void coordinate() {
        try {
            while (!stopping) {
                try {
                    heartbeat();
                } catch (EventSourcingException e) {
                    LOG.warn("partitioned projection {} on {}: heartbeat failed: {}; its claims lapse after {}", name,
                            partition.instance(), ProjectionRunner.describe(e), partition.claimTimeout());
                }
                synchronized (signal) {
                    if (!stopping) {
                        signal.wait(partition.heartbeatInterval().toMillis());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (SegmentClaim claim : new ArrayList<>(running.keySet())) {
                stopSegment(claim);
                releaseQuietly(claim);
            }
            try {
                claims.leave(name, partition.instance());
            } catch (EventSourcingException e) {
                LOG.warn("partitioned projection {}: leaving failed ({}); the others take over after {}", name,
                        ProjectionRunner.describe(e), partition.claimTimeout());
            }
        }
    }

    private void heartbeat() {
        Instant now = options.clock().instant();
        SegmentAssignment next = claims.heartbeat(name, partition.instance(), partition.segments(), now,
                partition.claimTimeout());
        renewedAt = now;
        assignment = next;
        for (SegmentClaim claim : new ArrayList<>(running.keySet())) {
            if (!next.held().contains(claim)) {
                LOG.info("partitioned projection {}: segment {} of generation {} lost (taken over or re-segmented)",
                        name, claim.segment(), claim.generation());
                stopSegment(claim);
            }
        }
        for (SegmentClaim claim : next.held()) {
            if (!next.wanted().contains(claim.segment())) {
                stopSegment(claim); // another instance's share now: give it up once stopped
                releaseQuietly(claim);
            } else if (!running.containsKey(claim) && !stopping) {
                startSegment(claim, next.layout());
            }
        }
    }

    private void startSegment(SegmentClaim claim, SegmentLayout layout) {
        SegmentTarget target = new SegmentTarget(claim, layout, targets.apply(claim), claims);
        ProjectionRunner runner = ProjectionRunner.create(claim.name(), log, target,
                new ProjectionOptions(options.filter(), options.batchSize(), options.pollInterval(), options.policy(),
                        options.retry(), options.deadLetters(), new ClaimLease(claim), options.clock(),
                        Optional.empty(), options.reportInterval()));
        running.put(claim, runner);
        LOG.info("partitioned projection {}: segment {}/{} claimed by {} (epoch {})", name, claim.segment(),
                claim.segments(), claim.owner(), claim.epoch());
        runner.start();
    }

    private void stopSegment(SegmentClaim claim) {
        ProjectionRunner runner = running.remove(claim);
        if (runner != null) {
            runner.close();
        }
    }

    private void releaseQuietly(SegmentClaim claim) {
        try {
            claims.release(claim);
        } catch (EventSourcingException e) {
            LOG.warn("partitioned projection {}: releasing segment {} failed: {}", name, claim.segment(),
                    ProjectionRunner.describe(e));
        }
    }

    /** A segment runner's lease: held while its claim is in this instance's last heartbeat and not expired. */
    private final class ClaimLease implements ProjectionLease {
        private final SegmentClaim claim;

        ClaimLease(SegmentClaim claim) {
            this.claim = claim;
        }

        @Override
        public boolean tryAcquire() {
            return isHeld();
        }

        @Override
        public boolean isHeld() {
            return running.containsKey(claim)
                    && options.clock().instant().isBefore(renewedAt.plus(partition.claimTimeout()));
        }

        @Override
        public void close() {
            // Released by the coordinator once the runner has stopped.
        }
    }
}

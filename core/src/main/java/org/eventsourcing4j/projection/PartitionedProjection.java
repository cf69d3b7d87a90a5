package org.eventsourcing4j.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>{@link #status()} gives each segment's owner, epoch, checkpoint and lag and the total;
 * {@link PartitionMetrics} exposes them as meters. With a {@link ProjectionControl} in the
 * options, the instance reports there under the projection's name and follows the operators'
 * pause, resume, rebuild, reset and restart (see {@link PartitionSupervision}).
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
    /** The targets of the runners in {@code running}: they count the events applied (a runner counts all it read). */
    private final Map<SegmentClaim, SegmentTarget> runningTargets = new ConcurrentHashMap<>();
    private final Optional<PartitionSupervision> supervision;
    /** Events applied here by segment runners that have stopped since (the counters stay monotonic). */
    private final AtomicLong retired = new AtomicLong();
    private final Object signal = new Object();
    private volatile Instant renewedAt = Instant.MIN;
    private volatile SegmentAssignment assignment;
    private volatile boolean stopping;
    private volatile Recent recent;
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
        this.supervision = options.control().map(control -> new PartitionSupervision(this.name,
                partition.instance(), control, options.clock(), options.reportInterval()));
    }

    /**
     * A partitioned projection {@code name} on this instance, not started.
     *
     * @param targets the target of one segment, given its claim; its checkpoint must be the
     *                one named {@link SegmentClaim#name()} in {@code claims.checkpoints()}
     * @param options how each segment's runner runs (its lease is the claim). With a control
     *                ({@link ProjectionOptions#withControl}) the instance reports there under
     *                {@code name} and follows the operators' pause, resume, rebuild, reset and
     *                restart; the segment runners themselves do not report
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
        Map<Integer, ProjectionStatus> local = new HashMap<>();
        running.forEach((claim, runner) -> {
            if (claim.generation() == layout.generation()) {
                local.put(claim.segment(), runner.status());
            }
        });
        PartitionStatus status = PartitionStatus.read(name, layout, claims, log.lastCommittedPosition(), local,
                processedHere());
        recent = new Recent(status, options.clock().instant());
        return status;
    }

    /**
     * The status, read anew only when the last one is older than {@code maxAge} (by the options'
     * clock): what meters ask many times a scrape, for one set of queries a scrape at most.
     */
    public PartitionStatus status(Duration maxAge) {
        Checks.notNull(maxAge, "max age");
        Recent last = recent;
        if (last != null && Duration.between(last.at(), options.clock().instant()).compareTo(maxAge) <= 0) {
            return last.status();
        }
        return status();
    }

    private record Recent(PartitionStatus status, Instant at) {
    }

    /** This instance's part, as one status under the projection's name (what it reports to the control). */
    ProjectionStatus localStatus(boolean paused) {
        List<ProjectionStatus> mine = new ArrayList<>();
        running.values().forEach(runner -> mine.add(runner.status()));
        SegmentAssignment last = assignment;
        String where = "segments " + localSegments() + (last == null ? ""
                : " of " + last.layout().segments() + " (generation " + last.layout().generation() + ")")
                + " on " + partition.instance();
        ProjectionStatus.State state = paused ? ProjectionStatus.State.PAUSED
                : stopping ? ProjectionStatus.State.STOPPED : null;
        return PartitionSupervision.combine(name, mine, mine.isEmpty() ? log.lastCommittedPosition() : null,
                processedHere(), state, where);
    }

    /** Events this instance's segments applied since it started, those of segments that moved away included. */
    private long processedHere() {
        synchronized (retired) {
            long processed = retired.get();
            for (SegmentClaim claim : running.keySet()) {
                processed += applied(claim);
            }
            return processed;
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void coordinate() {
        try {
            while (!stopping) {
                boolean again = false;
                try {
                    again = heartbeat();
                } catch (EventSourcingException e) {
                    LOG.warn("partitioned projection {} on {}: heartbeat failed: {}; its claims lapse after {}", name,
                            partition.instance(), ProjectionRunner.describe(e), partition.claimTimeout());
                }
                synchronized (signal) {
                    if (!stopping && !again) {
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
            supervision.ifPresent(PartitionSupervision::withdraw);
            try {
                claims.leave(name, partition.instance());
            } catch (EventSourcingException e) {
                LOG.warn("partitioned projection {}: leaving failed ({}); the others take over after {}", name,
                        ProjectionRunner.describe(e), partition.claimTimeout());
            }
        }
    }

    /** @return whether to heartbeat again at once (a request changed the layout) */
    private boolean heartbeat() {
        Instant now = options.clock().instant();
        SegmentAssignment next = claims.heartbeat(name, partition.instance(), partition.segments(), now,
                partition.claimTimeout());
        renewedAt = now;
        assignment = next;
        if (supervision.isPresent() && supervision.get().check(this::carryOut)) {
            return true;
        }
        boolean paused = supervision.map(PartitionSupervision::paused).orElse(false);
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
            } else if (paused) {
                stopSegment(claim); // paused: keeps the claim (renewed by the heartbeats), reads nothing
            } else if (!running.containsKey(claim) && !stopping) {
                startSegment(claim, next.layout());
            }
        }
        supervision.ifPresent(s -> s.report(localStatus(paused), false));
        return false;
    }

    /** An operator's request, carried out on the coordinator's thread between heartbeats. */
    private String carryOut(ProjectionRequest.Action action) {
        return switch (action) {
            case REBUILD, RESET -> {
                SegmentLayout layout = rebuild();
                yield "rebuilt: generation " + layout.generation() + " with " + layout.segments()
                        + " segments replays the log from the start" + (action == ProjectionRequest.Action.RESET
                        ? "; paused until resumed" : "");
            }
            case RESTART -> {
                List<Integer> restarted = new ArrayList<>();
                for (Map.Entry<SegmentClaim, ProjectionRunner> entry : new ArrayList<>(running.entrySet())) {
                    if (entry.getValue().status().state() == ProjectionStatus.State.FAILED) {
                        stopSegment(entry.getKey());
                        restarted.add(entry.getKey().segment());
                    }
                }
                yield restarted.isEmpty() ? "nothing to restart: no segment on " + partition.instance() + " has failed"
                        : "restarting segments " + restarted + " on " + partition.instance()
                        + " from their checkpoints";
            }
            case REPLAY_PARKED -> "not carried out: a partitioned projection does not replay parked events yet;"
                    + " its segments' parked events are listed under the segments' names";
        };
    }

    private void startSegment(SegmentClaim claim, SegmentLayout layout) {
        SegmentTarget target = new SegmentTarget(claim, layout, targets.apply(claim), claims);
        ProjectionRunner runner = ProjectionRunner.create(claim.name(), log, target,
                new ProjectionOptions(options.filter(), options.batchSize(), options.pollInterval(), options.policy(),
                        options.retry(), options.deadLetters(), new ClaimLease(claim), options.clock(),
                        Optional.empty(), options.reportInterval()));
        runningTargets.put(claim, target);
        running.put(claim, runner);
        LOG.info("partitioned projection {}: segment {}/{} claimed by {} (epoch {})", name, claim.segment(),
                claim.segments(), claim.owner(), claim.epoch());
        runner.start();
    }

    private void stopSegment(SegmentClaim claim) {
        ProjectionRunner runner = running.get(claim);
        if (runner != null) {
            runner.close();
            synchronized (retired) { // a status summing the counters sees the runner's events once
                retired.addAndGet(applied(claim));
                running.remove(claim);
                runningTargets.remove(claim);
            }
        }
    }

    private long applied(SegmentClaim claim) {
        SegmentTarget target = runningTargets.get(claim);
        return target == null ? 0 : target.applied();
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

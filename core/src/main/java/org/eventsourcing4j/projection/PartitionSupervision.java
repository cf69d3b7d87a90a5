package org.eventsourcing4j.projection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eventsourcing4j.store.LogPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partitioned projection's side of its {@link ProjectionControl}, run by its coordinator
 * after every heartbeat: reports one status per instance under the projection's name (so the
 * operators' tools list it as one projection), reads its orders and carries out the requests
 * the instance claims first. A pause stops this instance's segment runners while it keeps
 * renewing its claims; a rebuild or reset rebuilds every segment, whichever instance carries
 * it out. When the control cannot be reached the projection goes on as last ordered.
 */
final class PartitionSupervision {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionedProjection.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final String name;
    private final String instance;
    private final ProjectionControl control;
    private final Clock clock;
    private final Duration reportInterval;
    private Instant nextReport = Instant.MIN;
    private Instant nextWarning = Instant.MIN;
    private ProjectionStatus.State reported;
    private boolean paused;

    PartitionSupervision(String name, String instance, ProjectionControl control, Clock clock,
                         Duration reportInterval) {
        this.name = name;
        this.instance = instance;
        this.control = control;
        this.clock = clock;
        this.reportInterval = reportInterval;
    }

    /** What carrying out a request does; the projection implements it. */
    interface Requests {
        /** @return what it did, for the operator */
        String carryOut(ProjectionRequest.Action action);
    }

    /**
     * Reads the orders and carries out the pending requests this instance claims.
     *
     * @return whether a request was carried out (the layout may have changed: heartbeat again)
     */
    boolean check(Requests requests) {
        try {
            ProjectionControl.Orders orders = control.orders(name);
            paused = orders.paused();
            boolean carried = false;
            for (ProjectionRequest request : orders.pending()) {
                carried |= carryOut(request, requests);
            }
            return carried;
        } catch (RuntimeException e) {
            warn("reading the orders", e);
            return false;
        }
    }

    boolean paused() {
        return paused;
    }

    /** Reports {@code status} if its state changed or the report is due. */
    void report(ProjectionStatus status, boolean force) {
        Instant now = clock.instant();
        if (!force && status.state() == reported && now.isBefore(nextReport)) {
            return;
        }
        try {
            control.report(new ProjectionReport(instance, status, now));
            reported = status.state();
            nextReport = now.plus(reportInterval);
        } catch (RuntimeException e) {
            warn("reporting the status", e);
        }
    }

    void withdraw() {
        try {
            control.withdraw(name, instance);
        } catch (RuntimeException e) {
            warn("withdrawing the status report", e);
        }
    }

    private boolean carryOut(ProjectionRequest request, Requests requests) {
        if (!control.claim(request.id(), instance, clock.instant())) {
            return false;
        }
        String outcome;
        try {
            if (request.action() == ProjectionRequest.Action.RESET) {
                // Paused before the rebuild, so that no instance replays into the cleared read model.
                control.pause(name, instance + " (reset by request " + request.id() + ")", clock.instant());
                paused = true;
            }
            outcome = requests.carryOut(request.action());
            LOG.info("partitioned projection {}: {} requested by {}: {}", name, request.action(),
                    request.requestedBy(), outcome);
        } catch (RuntimeException e) {
            outcome = "failed: " + ProjectionRunner.describe(e);
            LOG.warn("partitioned projection {}: {} requested by {} failed", name, request.action(),
                    request.requestedBy(), e);
        }
        control.finish(request.id(), outcome, clock.instant());
        return true;
    }

    private void warn(String what, RuntimeException e) {
        Instant now = clock.instant();
        if (!now.isBefore(nextWarning)) {
            nextWarning = now.plus(WARN_EVERY);
            LOG.warn("partitioned projection {}: {} failed (going on as last ordered{}): {}", name, what,
                    paused ? ", paused" : "", ProjectionRunner.describe(e));
        }
    }

    /**
     * One status for an instance's segments: the lowest checkpoint, the highest lags, the sums
     * of the counters ({@code processed}: what its segments applied, counted by their targets),
     * {@code state} if given, else failed if one failed, waiting (for a claim) without any,
     * catching up while one is, else running.
     *
     * @param head the head when {@code mine} is empty
     */
    static ProjectionStatus combine(String name, List<ProjectionStatus> mine, LogPosition head, long processed,
                                    ProjectionStatus.State state, String where) {
        LogPosition checkpoint = null;
        long lagEvents = 0;
        Duration lag = Duration.ZERO;
        Duration heldBack = Duration.ZERO;
        long skipped = 0;
        long parked = 0;
        long retried = 0;
        String lastError = null;
        boolean failed = false;
        boolean catchingUp = false;
        for (ProjectionStatus s : mine) {
            checkpoint = checkpoint == null || checkpoint.isAfter(s.checkpoint()) ? s.checkpoint() : checkpoint;
            head = head == null || s.head().isAfter(head) ? s.head() : head;
            lagEvents = Math.max(lagEvents, s.lagEvents());
            lag = s.lag().compareTo(lag) > 0 ? s.lag() : lag;
            heldBack = s.heldBackFor().compareTo(heldBack) > 0 ? s.heldBackFor() : heldBack;
            skipped += s.skipped();
            parked += s.parked();
            retried += s.retried();
            lastError = lastError == null ? s.lastError() : lastError;
            failed |= s.state() == ProjectionStatus.State.FAILED;
            catchingUp |= s.state() != ProjectionStatus.State.RUNNING;
        }
        ProjectionStatus.State combined = state != null ? state
                : failed ? ProjectionStatus.State.FAILED
                : mine.isEmpty() ? ProjectionStatus.State.WAITING_FOR_LEASE
                : catchingUp ? ProjectionStatus.State.CATCHING_UP : ProjectionStatus.State.RUNNING;
        return new ProjectionStatus(name, combined, checkpoint == null ? LogPosition.START : checkpoint,
                head == null ? LogPosition.START : head, lagEvents, lag, processed, skipped, parked, retried,
                lastError, where, heldBack);
    }
}

package org.eventsourcing4j.projection;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner's side of its {@link ProjectionControl}: reports the status (at every change of
 * state, and every report interval otherwise), reads the orders every poll interval, and —
 * while this instance holds the lease — carries out the requests. It runs on the runner's
 * thread between pages, so a rebuild never races a commit of the same runner, and the lease
 * keeps other instances from carrying out the same request.
 *
 * <p>When the control cannot be reached the projection goes on as last ordered (paused or
 * not): operator control must never stop a projection that is working.
 */
final class Supervision {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);
    private static final AtomicInteger RUNNERS = new AtomicInteger();
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final String name;
    private final String instance;
    private final ProjectionControl control;
    private final ProjectionOptions options;
    private final Progress progress;
    private final Supplier<ProjectionStatus> status;
    private long nextCheck = System.nanoTime();
    private long nextReport = System.nanoTime();
    private long nextWarning = System.nanoTime();
    private ProjectionStatus.State reported;
    private boolean paused;

    Supervision(String name, ProjectionControl control, ProjectionOptions options, Progress progress,
                Supplier<ProjectionStatus> status) {
        this.name = name;
        this.instance = Host.NAME + ":" + ProcessHandle.current().pid() + "#" + RUNNERS.incrementAndGet();
        this.control = control;
        this.options = options;
        this.progress = progress;
        this.status = status;
    }

    String instance() {
        return instance;
    }

    /**
     * Checks the orders when due and carries out pending requests through {@code requests} if
     * {@code owner}, then reports when due.
     *
     * @return whether the runner must not read now: paused, or failed and waiting for an operator
     */
    boolean holdOff(boolean owner, Requests requests) {
        long now = System.nanoTime();
        if (now - nextCheck >= 0) {
            nextCheck = now + options.pollInterval().toNanos();
            try {
                ProjectionControl.Orders orders = control.orders(name);
                paused = orders.paused();
                if (owner) {
                    for (ProjectionRequest request : orders.pending()) {
                        carryOut(request, requests);
                    }
                }
            } catch (RuntimeException e) {
                warn("reading the orders", e);
            }
        }
        boolean failed = progress.state() == ProjectionStatus.State.FAILED;
        if (owner && paused && !failed) {
            progress.paused();
        }
        report(false);
        return paused || failed;
    }

    /** Reports now if the state changed or the report is due; {@code force} reports anyway. */
    void report(boolean force) {
        long now = System.nanoTime();
        ProjectionStatus.State state = progress.state();
        if (!force && state == reported && now - nextReport < 0) {
            return;
        }
        try {
            control.report(new ProjectionReport(instance, status.get(), options.clock().instant()));
            reported = state;
            nextReport = now + options.reportInterval().toNanos();
        } catch (RuntimeException e) {
            warn("reporting the status", e);
        }
    }

    /** Removes this instance's report (the runner stopped). */
    void withdraw() {
        try {
            control.withdraw(name, instance);
        } catch (RuntimeException e) {
            warn("withdrawing the status report", e);
        }
        reported = null;
    }

    private void carryOut(ProjectionRequest request, Requests requests) {
        if (!control.claim(request.id(), instance, options.clock().instant())) {
            return;
        }
        String outcome;
        try {
            outcome = requests.carryOut(request.action());
            if (request.action() == ProjectionRequest.Action.RESET) {
                control.pause(name, instance + " (reset by request " + request.id() + ")", options.clock().instant());
                paused = true;
            }
            LOG.info("projection {}: {} requested by {}: {}", name, request.action(), request.requestedBy(), outcome);
        } catch (RuntimeException e) {
            outcome = "failed: " + ProjectionRunner.describe(e);
            LOG.warn("projection {}: {} requested by {} failed", name, request.action(), request.requestedBy(), e);
        }
        control.finish(request.id(), outcome, options.clock().instant());
        report(true);
    }

    private void warn(String what, RuntimeException e) {
        long now = System.nanoTime();
        if (now - nextWarning >= 0) {
            nextWarning = now + WARN_EVERY.toNanos();
            LOG.warn("projection {}: {} failed (going on as last ordered{}): {}", name, what,
                    paused ? ", paused" : "", ProjectionRunner.describe(e));
        }
    }

    /** What carrying out a request does to the projection; the runner's loop implements it. */
    interface Requests {
        /** @return what it did, for the operator */
        String carryOut(ProjectionRequest.Action action);
    }

    /** This machine's name, found once (a slow name service must not slow every runner down). */
    private static final class Host {
        static final String NAME = find();

        private static String find() {
            String fromEnvironment = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("");
            if (!fromEnvironment.isBlank()) {
                return fromEnvironment.strip();
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                return "localhost";
            }
        }
    }
}

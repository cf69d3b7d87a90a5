package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.LogPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The application's projection runners, run as one lifecycle bean: started when the
 * context has created every bean — before the web server opens, so a request never finds a
 * runner that has not started — and stopped after the web server has drained its requests
 * and before the {@code DataSource} closes. Stopping a runner lets it commit the page in
 * hand with its checkpoint, so nothing is lost or applied twice.
 *
 * <p>Each runner runs under its store's lease (one application instance at a time projects;
 * the others follow its checkpoint) and parks failing events durably when its policy says so
 * (see {@code JdbcProjection}). {@link #get(String)} gives a runner for read-your-writes:
 * {@code projections.get("accounts").awaitProcessed(result.lastPosition(), timeout)}.
 */
public final class Projections implements SmartLifecycle {
    /**
     * Below the web server's phases: started before it opens, stopped after it has drained
     * (a request in flight may wait for a projection).
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(Projections.class);

    private final Map<String, ProjectionRunner> runners = new LinkedHashMap<>();
    private final Duration startupWait;
    /** The log's head when each runner started: readiness waits until the runner has reached it. */
    private final Map<String, LogPosition> headsAtStart = new ConcurrentHashMap<>();
    private final Map<String, Boolean> caughtUp = new ConcurrentHashMap<>();
    private volatile boolean running;

    /** @param startupWait how long {@link #start()} waits for the runners to catch up; zero: not at all */
    public Projections(List<ProjectionRunner> runners, Duration startupWait) {
        for (ProjectionRunner runner : runners) {
            if (this.runners.putIfAbsent(runner.name(), runner) != null) {
                throw new IllegalStateException("two projection runners are named '" + runner.name()
                        + "': each projection needs a name of its own (it names its checkpoint and lease)");
            }
        }
        this.startupWait = PropertyChecks.notNegative(startupWait, "eventsourcing4j.projections.startup-wait");
    }

    /** The runner of projection {@code name}. */
    public ProjectionRunner get(String name) {
        ProjectionRunner runner = runners.get(name);
        if (runner == null) {
            throw new NoSuchElementException("no projection named '" + name + "'; there are " + runners.keySet());
        }
        return runner;
    }

    /** Every runner, in the order they were declared. */
    public List<ProjectionRunner> all() {
        return List.copyOf(runners.values());
    }

    @Override
    public void start() {
        for (ProjectionRunner runner : runners.values()) {
            headsAtStart.put(runner.name(), runner.status().head());
            runner.start();
        }
        running = true;
        if (!startupWait.isZero()) {
            awaitCatchUp();
        }
    }

    private void awaitCatchUp() {
        long deadline = System.nanoTime() + startupWait.toNanos();
        for (ProjectionRunner runner : runners.values()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                if (!runner.awaitProcessed(headsAtStart.get(runner.name()), left)) {
                    LOG.warn("projection {} has not caught up after {}: {}; readiness reports it until it has",
                            runner.name(), startupWait, runner.status());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops every runner after the page it is committing; the lease is given up. */
    @Override
    public void stop() {
        running = false;
        for (ProjectionRunner runner : runners.values()) {
            runner.close();
            LOG.info("projection {} stopped at checkpoint {}", runner.name(), runner.status().checkpoint());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Why the application should not take traffic yet, or empty when it may: while a runner
     * has not reached the log's head as it was when it started (a new projection replays the
     * whole log first), and while one has failed or stopped.
     */
    public Optional<String> notReady() {
        for (ProjectionRunner runner : runners.values()) {
            ProjectionStatus status = runner.status();
            if (status.state() == ProjectionStatus.State.FAILED || status.state() == ProjectionStatus.State.STOPPED) {
                return Optional.of("projection " + status.name() + " is " + status.state().name().toLowerCase(Locale.ROOT)
                        + (status.lastError() == null ? "" : ": " + status.lastError()));
            }
            if (!caughtUp.getOrDefault(runner.name(), false)) {
                LogPosition head = headsAtStart.get(runner.name());
                if (head == null || status.checkpoint().compareTo(head) < 0) {
                    return Optional.of("projection " + status.name() + " is catching up: " + status.lagEvents()
                            + " events behind");
                }
                caughtUp.put(runner.name(), true);
            }
        }
        return Optional.empty();
    }
}

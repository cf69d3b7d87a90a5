package org.eventsourcing4j.cli.internal.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.projection.ProjectionControl;
import org.eventsourcing4j.projection.ProjectionPause;
import org.eventsourcing4j.projection.ProjectionReport;
import org.eventsourcing4j.projection.ProjectionRequest;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.LogPosition;

/** What the CLI and the console do with projections, on the store's control, checkpoint and dead-letter tables. */
public final class Projections {
    /** A report older than this is not trusted to name the running instance. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(30);

    private final JdbcEventStore store;
    private final Clock clock;

    public Projections(JdbcEventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ProjectionControl control() {
        return store.projectionControl();
    }

    /** Every projection the store's tables know of: with a checkpoint, a report, a pause or parked events. */
    public List<ProjectionView> all() {
        Map<String, LogPosition> checkpoints = store.checkpoints().all();
        Map<String, Long> parked = store.deadLetters().counts();
        List<ProjectionReport> reports = control().reports();
        List<ProjectionPause> pauses = control().pauses();
        TreeSet<String> names = new TreeSet<>(checkpoints.keySet());
        names.addAll(parked.keySet());
        reports.forEach(r -> names.add(r.projection()));
        pauses.forEach(p -> names.add(p.projection()));
        LogPosition head = store.headPosition();
        Instant now = clock.instant();
        List<ProjectionView> views = new ArrayList<>();
        for (String name : names) {
            LogPosition checkpoint = checkpoints.getOrDefault(name, LogPosition.START);
            List<ProjectionReport> own = reports.stream().filter(r -> r.projection().equals(name)).toList();
            Optional<ProjectionReport> holder = own.stream()
                    .filter(r -> r.status().state() != ProjectionStatus.State.WAITING_FOR_LEASE)
                    .filter(r -> !r.isStale(now, STALE_AFTER))
                    .max(Comparator.comparing(ProjectionReport::reportedAt));
            Optional<ProjectionPause> pause = pauses.stream().filter(p -> p.projection().equals(name)).findFirst();
            views.add(new ProjectionView(name, checkpoint, head, Math.max(0, head.position() - checkpoint.position()),
                    holder, own, pause, parked.getOrDefault(name, 0L)));
        }
        return views;
    }

    /** Pauses {@code name}: its running instance stops reading at its next check, and stays paused until resumed. */
    public void pause(String name, String by) {
        control().pause(name, by, clock.instant());
    }

    public Optional<ProjectionView> find(String name) {
        return all().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /**
     * Files {@code action} and waits up to {@code timeout} for the running instance to carry
     * it out.
     *
     * @return the request as it stands then: finished, or still pending
     */
    public ProjectionRequest requestAndWait(String name, ProjectionRequest.Action action, String by, Duration timeout)
            throws InterruptedException {
        ProjectionRequest request = control().request(name, action, by, clock.instant());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProjectionRequest now = control().findRequest(request.id()).orElse(request);
            if (now.isFinished() || System.nanoTime() - deadline >= 0) {
                return now;
            }
            Thread.sleep(50);
        }
    }
}

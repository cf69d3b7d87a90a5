package org.eventsourcing4j.cli.internal.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.projection.PartitionStatus;
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

    /**
     * Every projection the store's tables know of: with a checkpoint, a report, a pause or parked
     * events. A partitioned projection is listed once, under its name, with its segments (their
     * checkpoints, named {@code <name>#<generation>.<segment>}, are not listed on their own).
     */
    public List<ProjectionView> all() {
        Map<String, LogPosition> checkpoints = new HashMap<>(store.checkpoints().all());
        Map<String, Long> parked = new HashMap<>();
        store.deadLetters().counts().forEach((name, count) -> parked.merge(baseName(name), count, Long::sum));
        List<ProjectionReport> reports = control().reports();
        List<ProjectionPause> pauses = control().pauses();
        TreeSet<String> partitioned = new TreeSet<>();
        for (String name : List.copyOf(checkpoints.keySet())) {
            if (!baseName(name).equals(name)) {
                partitioned.add(baseName(name));
            }
        }
        TreeSet<String> names = new TreeSet<>(checkpoints.keySet());
        names.removeIf(name -> !baseName(name).equals(name));
        names.addAll(partitioned);
        names.addAll(parked.keySet());
        reports.forEach(r -> names.add(r.projection()));
        pauses.forEach(p -> names.add(p.projection()));
        LogPosition head = store.headPosition();
        Map<String, PartitionStatus> partitions = partitions(partitioned, head);
        Instant now = clock.instant();
        List<ProjectionView> views = new ArrayList<>();
        for (String name : names) {
            Optional<PartitionStatus> partition = Optional.ofNullable(partitions.get(name));
            LogPosition checkpoint = partition.map(PartitionStatus::checkpoint)
                    .orElseGet(() -> checkpoints.getOrDefault(name, lowestOfLastGeneration(checkpoints, name)));
            List<ProjectionReport> own = reports.stream().filter(r -> r.projection().equals(name)).toList();
            Optional<ProjectionReport> holder = own.stream()
                    .filter(r -> r.status().state() != ProjectionStatus.State.WAITING_FOR_LEASE)
                    .filter(r -> !r.isStale(now, STALE_AFTER))
                    .max(Comparator.comparing(ProjectionReport::reportedAt));
            Optional<ProjectionPause> pause = pauses.stream().filter(p -> p.projection().equals(name)).findFirst();
            views.add(new ProjectionView(name, checkpoint, head, Math.max(0, head.position() - checkpoint.position()),
                    holder, own, pause, parked.getOrDefault(name, 0L), partition));
        }
        return views;
    }

    /** {@code accounts} for a segment's checkpoint {@code accounts#2.5}; any other name as it is. */
    static String baseName(String name) {
        Matcher segment = SEGMENT.matcher(name);
        return segment.matches() ? segment.group(1) : name;
    }

    private static final Pattern SEGMENT = Pattern.compile("(.+)#(\\d+)\\.(\\d+)");

    /** The partitioned projections' segments, from the store's claims table ({@code JdbcSegmentClaims.of}). */
    private Map<String, PartitionStatus> partitions(TreeSet<String> partitioned, LogPosition head) {
        Map<String, PartitionStatus> partitions = new HashMap<>();
        if (partitioned.isEmpty()) {
            return partitions;
        }
        JdbcSegmentClaims claims = JdbcSegmentClaims.of(store);
        for (String name : partitioned) {
            claims.findLayout(name).ifPresent(layout -> partitions.put(name,
                    PartitionStatus.read(name, layout, claims, head, Map.of(), 0)));
        }
        return partitions;
    }

    /** Without the claims: the lowest checkpoint of the segments of the highest generation. */
    private static LogPosition lowestOfLastGeneration(Map<String, LogPosition> checkpoints, String name) {
        long generation = -1;
        LogPosition lowest = LogPosition.START;
        for (Map.Entry<String, LogPosition> entry : checkpoints.entrySet()) {
            Matcher segment = SEGMENT.matcher(entry.getKey());
            if (!segment.matches() || !segment.group(1).equals(name)) {
                continue;
            }
            long g = Long.parseLong(segment.group(2));
            if (g > generation) {
                generation = g;
                lowest = entry.getValue();
            } else if (g == generation && lowest.isAfter(entry.getValue())) {
                lowest = entry.getValue();
            }
        }
        return lowest;
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

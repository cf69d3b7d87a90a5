package org.eventsourcing4j.projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eventsourcing4j.support.Checks;

/** Projection control in memory, for the runners and tools of one process, and for tests. Thread-safe. */
public final class InMemoryProjectionControl implements ProjectionControl {
    private final Map<String, ProjectionReport> reports = new LinkedHashMap<>();
    private final Map<String, ProjectionPause> pauses = new LinkedHashMap<>();
    private final Map<UUID, ProjectionRequest> requests = new LinkedHashMap<>();

    @Override
    public synchronized void report(ProjectionReport report) {
        Checks.notNull(report, "report");
        reports.put(report.projection() + "\u0000" + report.instance(), report);
    }

    @Override
    public synchronized void withdraw(String projection, String instance) {
        reports.remove(projection + "\u0000" + instance);
    }

    @Override
    public synchronized Orders orders(String projection) {
        List<ProjectionRequest> pending = new ArrayList<>();
        for (ProjectionRequest request : requests.values()) {
            if (request.projection().equals(projection) && request.isPending()) {
                pending.add(request);
            }
        }
        return new Orders(pauses.containsKey(projection), pending);
    }

    @Override
    public synchronized boolean claim(UUID request, String instance, Instant at) {
        ProjectionRequest found = requests.get(request);
        if (found == null || !found.isPending()) {
            return false;
        }
        requests.put(request, found.claimed(instance, at));
        return true;
    }

    @Override
    public synchronized void finish(UUID request, String outcome, Instant at) {
        requests.computeIfPresent(request, (id, found) -> found.finished(outcome, at));
    }

    @Override
    public synchronized void pause(String projection, String by, Instant at) {
        pauses.putIfAbsent(projection, new ProjectionPause(projection, by, at));
    }

    @Override
    public synchronized boolean resume(String projection) {
        return pauses.remove(projection) != null;
    }

    @Override
    public synchronized ProjectionRequest request(String projection, ProjectionRequest.Action action, String by,
                                                  Instant at) {
        ProjectionRequest request = ProjectionRequest.pending(projection, action, by, at);
        requests.put(request.id(), request);
        return request;
    }

    @Override
    public synchronized List<ProjectionReport> reports() {
        return List.copyOf(reports.values());
    }

    @Override
    public synchronized List<ProjectionPause> pauses() {
        return List.copyOf(pauses.values());
    }

    @Override
    public synchronized Optional<ProjectionRequest> findRequest(UUID request) {
        return Optional.ofNullable(requests.get(request));
    }

    @Override
    public synchronized List<ProjectionRequest> requests(String projection, int limit) {
        List<ProjectionRequest> found = new ArrayList<>();
        for (ProjectionRequest request : requests.values()) {
            if (request.projection().equals(projection)) {
                found.add(request);
            }
        }
        found.sort(Comparator.comparing(ProjectionRequest::requestedAt).reversed());
        return List.copyOf(found.subList(0, Math.min(limit, found.size())));
    }
}

package org.eventsourcing4j.examples.bank.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What operators ask: projections' progress, health, metrics. */
final class OperationsRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsRoutes.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final List<ProjectionRunner> projections;
    private final Map<String, Runnable> probes;
    private final Supplier<Optional<String>> notReady;
    private final PrometheusMeterRegistry metrics;

    /**
     * @param probes   named checks for {@code /health}; each throws when its part is down
     * @param notReady why the service should not take traffic yet, for {@code /health/ready}
     */
    OperationsRoutes(List<ProjectionRunner> projections, Map<String, Runnable> probes,
                     Supplier<Optional<String>> notReady, PrometheusMeterRegistry metrics) {
        this.projections = List.copyOf(projections);
        this.probes = new LinkedHashMap<>(probes);
        this.notReady = notReady;
        this.metrics = metrics;
    }

    void register(Router router) {
        router.add("GET", "/projections", this::projections)
                .add("GET", "/health", this::health)
                .add("GET", "/health/ready", this::ready)
                .add("GET", "/metrics", this::metrics);
    }

    private Response projections(Request request) {
        request.query(Set.of());
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("projections");
        for (ProjectionRunner runner : projections) {
            list.add(status(runner.status()));
        }
        return Response.json(200, body);
    }

    /** 200 when every probe passes (the store and the read model answer), 503 otherwise; projections for information. */
    private Response health(Request request) {
        request.query(Set.of());
        ObjectNode body = Json.object();
        ObjectNode checks = Json.object();
        boolean up = true;
        for (Map.Entry<String, Runnable> probe : probes.entrySet()) {
            try {
                probe.getValue().run();
                checks.put(probe.getKey(), "up");
            } catch (RuntimeException e) {
                up = false;
                LOG.warn("health check '{}' failed: {}", probe.getKey(), e.toString());
                checks.put(probe.getKey(), "down: " + e.getMessage());
            }
        }
        body.put("status", up ? "up" : "down");
        body.set("checks", checks);
        ObjectNode states = body.putObject("projections");
        for (ProjectionRunner runner : projections) {
            states.put(runner.name(), stateName(runner.status().state()));
        }
        return Response.json(up ? 200 : 503, body);
    }

    /**
     * Readiness, for a load balancer: 200 once the read model has caught up with the log as
     * it was at start, 503 with the reason before that and while a projection has failed.
     * {@code /health} is liveness: the store and the read model answer.
     */
    private Response ready(Request request) {
        request.query(Set.of());
        Optional<String> reason = notReady.get();
        ObjectNode body = Json.object().put("status", reason.isEmpty() ? "ready" : "not-ready");
        reason.ifPresent(why -> body.put("reason", why));
        return Response.json(reason.isEmpty() ? 200 : 503, body);
    }

    private Response metrics(Request request) {
        request.query(Set.of());
        return Response.text(200, PROMETHEUS_TEXT, metrics.scrape());
    }

    private static ObjectNode status(ProjectionStatus status) {
        ObjectNode json = Json.object()
                .put("name", status.name())
                .put("state", stateName(status.state()))
                .put("checkpoint", status.checkpoint().asString())
                .put("head", status.head().asString())
                .put("lagEvents", status.lagEvents())
                .put("lagSeconds", status.lag().toMillis() / 1000.0)
                .put("processed", status.processed())
                .put("skipped", status.skipped())
                .put("parked", status.parked())
                .put("retried", status.retried());
        json.put("lastError", status.lastError());
        json.put("waitingFor", status.waitingFor());
        return json;
    }

    private static String stateName(ProjectionStatus.State state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

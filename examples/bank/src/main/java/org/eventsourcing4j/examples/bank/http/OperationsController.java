package org.eventsourcing4j.examples.bank.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eventsourcing4j.examples.bank.PartitionedAccounts;
import org.eventsourcing4j.examples.bank.readmodel.AccountReadModel;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.spring.boot.Projections;
import org.eventsourcing4j.store.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What operators ask: projections' progress, liveness, readiness and metrics, at the paths
 * the service always had ({@code /actuator/health} and {@code /actuator/prometheus} are there
 * too, with the starter's health contributor).
 */
@RestController
public class OperationsController {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsController.class);
    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final Projections projections;
    private final Optional<PartitionedProjection> partitioned;
    private final Map<String, Runnable> probes = new LinkedHashMap<>();
    private final PrometheusMeterRegistry metrics;

    public OperationsController(Projections projections, ObjectProvider<PartitionedAccounts> partitioned,
                                EventStore store, AccountReadModel readModel, PrometheusMeterRegistry metrics) {
        this.projections = projections;
        this.partitioned = Optional.ofNullable(partitioned.getIfAvailable()).map(PartitionedAccounts::projection);
        this.probes.put("store", store::headPosition);
        this.probes.put("readModel", readModel::ping);
        this.metrics = metrics;
    }

    @GetMapping("/projections")
    ResponseEntity<byte[]> projections(HttpServletRequest request) {
        QueryParameters.parse(request.getQueryString(), Set.of());
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("projections");
        for (ProjectionRunner runner : projections.all()) {
            list.add(status(runner.status()));
        }
        partitioned.ifPresent(projection -> list.add(PartitionJson.status(projection.status())));
        return JsonResponses.json(200, body);
    }

    /** 200 when every probe passes (the store and the read model answer), 503 otherwise; projections for information. */
    @GetMapping("/health")
    ResponseEntity<byte[]> health(HttpServletRequest request) {
        QueryParameters.parse(request.getQueryString(), Set.of());
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
        for (ProjectionRunner runner : projections.all()) {
            states.put(runner.name(), stateName(runner.status().state()));
        }
        partitioned.ifPresent(projection -> states.put(projection.name(),
                PartitionJson.state(projection.status(Duration.ofSeconds(1)))));
        return JsonResponses.json(up ? 200 : 503, body);
    }

    /**
     * Readiness, for a load balancer: 200 once the read model has caught up with the log as
     * it was at start, 503 with the reason before that and while a projection has failed.
     * {@code /health} is liveness: the store and the read model answer.
     */
    @GetMapping("/health/ready")
    ResponseEntity<byte[]> ready(HttpServletRequest request) {
        QueryParameters.parse(request.getQueryString(), Set.of());
        Optional<String> reason = projections.notReady();
        ObjectNode body = Json.object().put("status", reason.isEmpty() ? "ready" : "not-ready");
        reason.ifPresent(why -> body.put("reason", why));
        return JsonResponses.json(reason.isEmpty() ? 200 : 503, body);
    }

    @GetMapping("/metrics")
    ResponseEntity<String> metrics(HttpServletRequest request) {
        QueryParameters.parse(request.getQueryString(), Set.of());
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(metrics.scrape());
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

    static String stateName(ProjectionStatus.State state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

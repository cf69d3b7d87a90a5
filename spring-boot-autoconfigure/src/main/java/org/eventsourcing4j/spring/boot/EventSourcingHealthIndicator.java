package org.eventsourcing4j.spring.boot;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.EventStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code eventsourcing4j} health contributor: {@code DOWN} when the store does not
 * answer, when a projection has failed (or lags more than {@code eventsourcing4j.health.max-lag},
 * when set), and on PostgreSQL when one transaction has held the global log back for longer
 * than {@code eventsourcing4j.health.horizon-max-age}; the details name its backend pid, age
 * and application, so an operator knows which session to look at (or end). Every
 * projection's state, checkpoint and lag are in the details.
 */
public final class EventSourcingHealthIndicator implements HealthIndicator {
    private final EventStore store;
    private final Optional<Projections> projections;
    private final Optional<ReadHorizon> horizon;
    private final HealthProperties properties;

    public EventSourcingHealthIndicator(EventStore store, Optional<Projections> projections,
                                        Optional<ReadHorizon> horizon, HealthProperties properties) {
        this.store = store;
        this.projections = projections;
        this.horizon = horizon;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        try {
            health.withDetail("head", store.headPosition().asString());
        } catch (RuntimeException e) {
            return health.down().withDetail("store", "unreachable: " + e.getMessage()).build();
        }
        Map<String, Object> states = new LinkedHashMap<>();
        for (ProjectionRunner runner : projections.map(Projections::all).orElse(java.util.List.of())) {
            ProjectionStatus status = runner.status();
            states.put(status.name(), details(status));
            boolean lagging = !properties.maxLag().isZero() && status.lag().compareTo(properties.maxLag()) > 0;
            if (status.state() == ProjectionStatus.State.FAILED || lagging) {
                health.down();
            }
        }
        health.withDetail("projections", states);
        horizon.flatMap(ReadHorizon::heldBack).ifPresent(heldBack -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("pid", heldBack.pid());
            details.put("age", heldBack.age().toString());
            details.put("application", heldBack.applicationName());
            details.put("state", heldBack.state());
            details.put("description", heldBack.description());
            health.withDetail("horizonHeldBack", details);
            if (heldBack.age().compareTo(properties.horizonMaxAge()) > 0) {
                health.down();
            }
        });
        return health.build();
    }

    private static Map<String, Object> details(ProjectionStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", status.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        details.put("checkpoint", status.checkpoint().asString());
        details.put("lagEvents", status.lagEvents());
        details.put("lagSeconds", status.lag().toMillis() / 1000.0);
        if (status.lastError() != null) {
            details.put("lastError", status.lastError());
        }
        if (status.waitingFor() != null) {
            details.put("waitingFor", status.waitingFor());
        }
        return details;
    }
}

package org.eventsourcing4j.spring.boot;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Spring Boot's readiness indicator ({@code /actuator/health/readiness}), which also refuses
 * traffic while a projection has not caught up with the log as it was when it started, and
 * while one has failed or stopped ({@link Projections#notReady()}); the reason is in the
 * details. It takes the place of Boot's {@code readinessStateHealthIndicator} bean.
 */
public final class ProjectionsReadinessIndicator extends ReadinessStateHealthIndicator {
    private final Projections projections;

    public ProjectionsReadinessIndicator(ApplicationAvailability availability, Projections projections) {
        super(availability);
        this.projections = projections;
    }

    @Override
    protected AvailabilityState getState(ApplicationAvailability availability) {
        AvailabilityState state = super.getState(availability);
        return state == ReadinessState.ACCEPTING_TRAFFIC && projections.notReady().isPresent()
                ? ReadinessState.REFUSING_TRAFFIC : state;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        super.doHealthCheck(builder);
        projections.notReady().ifPresent(reason -> builder.withDetail("reason", reason));
    }
}

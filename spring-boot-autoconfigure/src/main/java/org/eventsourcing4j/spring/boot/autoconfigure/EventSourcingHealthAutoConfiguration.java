package org.eventsourcing4j.spring.boot.autoconfigure;

import org.eventsourcing4j.spring.boot.EventSourcingHealthIndicator;
import org.eventsourcing4j.spring.boot.EventSourcingProperties;
import org.eventsourcing4j.spring.boot.Projections;
import org.eventsourcing4j.spring.boot.ProjectionsReadinessIndicator;
import org.eventsourcing4j.spring.boot.ReadHorizon;
import org.eventsourcing4j.store.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code eventsourcing4j} health contributor ({@link EventSourcingHealthIndicator}) and a
 * readiness indicator that waits for the projections ({@link ProjectionsReadinessIndicator}).
 * {@code management.health.eventsourcing4j.enabled=false} turns the contributor off,
 * {@code eventsourcing4j.projections.readiness=false} leaves Boot's readiness as it is.
 */
@AutoConfiguration(after = {EventStoreAutoConfiguration.class, InMemoryStoreAutoConfiguration.class,
        ProjectionAutoConfiguration.class},
        afterName = "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration",
        beforeName = "org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBooleanProperty(name = "eventsourcing4j.enabled", matchIfMissing = true)
@ConditionalOnBean(EventStore.class)
public class EventSourcingHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "eventsourcing4jHealthIndicator")
    @ConditionalOnBooleanProperty(name = "management.health.eventsourcing4j.enabled", matchIfMissing = true)
    HealthIndicator eventsourcing4jHealthIndicator(EventStore store, ObjectProvider<Projections> projections,
                                                   ObjectProvider<ReadHorizon> horizon, EventSourcingProperties properties) {
        return new EventSourcingHealthIndicator(store, java.util.Optional.ofNullable(projections.getIfAvailable()),
                java.util.Optional.ofNullable(horizon.getIfAvailable()), properties.health());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.application.ReadinessStateHealthIndicator")
    @ConditionalOnBean({Projections.class, ApplicationAvailability.class})
    @ConditionalOnBooleanProperty(name = {"eventsourcing4j.projections.readiness", "management.health.readinessstate.enabled"},
            matchIfMissing = true)
    static class Readiness {

        /** Named as Boot's own, which then backs off. */
        @Bean
        @ConditionalOnMissingBean(name = "readinessStateHealthIndicator")
        ProjectionsReadinessIndicator readinessStateHealthIndicator(ApplicationAvailability availability,
                                                                    Projections projections) {
            return new ProjectionsReadinessIndicator(availability, projections);
        }
    }
}

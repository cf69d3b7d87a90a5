package org.eventsourcing4j.spring.boot.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.spring.boot.EventSourcingProperties;
import org.eventsourcing4j.spring.boot.ProjectionProperties;
import org.eventsourcing4j.spring.boot.Projections;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.RetryPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projection runners as one lifecycle bean ({@link Projections}): a runner for every
 * {@link JdbcProjection} bean (exactly once, on the store's checkpoint, dead-letter table and
 * lease), and every {@link ProjectionRunner} bean the application made itself. The
 * {@link ProjectionOptions} bean carries {@code eventsourcing4j.projections.*}.
 */
@AutoConfiguration(after = {EventStoreAutoConfiguration.class, InMemoryStoreAutoConfiguration.class, EventSourcingMetricsAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "eventsourcing4j.enabled", matchIfMissing = true)
@ConditionalOnBean(EventStore.class)
public class ProjectionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProjectionOptions eventsourcing4jProjectionOptions(EventSourcingProperties properties, ObjectProvider<Clock> clock) {
        ProjectionProperties projections = properties.projections();
        return ProjectionOptions.DEFAULTS.withBatchSize(projections.batchSize())
                .withPollInterval(projections.pollInterval())
                .withRetry(new RetryPolicy(projections.maxAttempts(), projections.initialBackoff(),
                        projections.maxBackoff()))
                .withFailurePolicy(projections.failurePolicy(), projections.maxAttempts())
                .withClock(EventStoreAutoConfiguration.clock(clock));
    }

    @Bean
    @ConditionalOnMissingBean
    Projections eventsourcing4jProjections(ObjectProvider<ProjectionRunner> runners,
                                           ObjectProvider<JdbcProjectionRunners> jdbcProjections,
                                           EventSourcingProperties properties) {
        List<ProjectionRunner> all = new ArrayList<>();
        jdbcProjections.ifAvailable(jdbc -> all.addAll(jdbc.runners()));
        runners.orderedStream().forEach(all::add);
        return new Projections(all, properties.projections().startupWait());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.eventsourcing4j.jdbc.JdbcProjection")
    @ConditionalOnBean(JdbcEventStore.class)
    static class JdbcProjections {

        @Bean
        JdbcProjectionRunners eventsourcing4jJdbcProjectionRunners(ObjectProvider<JdbcProjection> projections,
                                                                    JdbcEventStore store, EventStore log,
                                                                    ProjectionOptions options) {
            return new JdbcProjectionRunners(projections.orderedStream().toList(), store, log, options);
        }
    }
}

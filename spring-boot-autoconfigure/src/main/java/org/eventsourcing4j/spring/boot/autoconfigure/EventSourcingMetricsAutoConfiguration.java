package org.eventsourcing4j.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.eventsourcing4j.projection.PartitionMetrics;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionMetrics;
import org.eventsourcing4j.spring.boot.EventSourcingProperties;
import org.eventsourcing4j.spring.boot.Projections;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.metrics.MeteredEventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The store's and the projections' meters in the application's {@link MeterRegistry}: the
 * store bean wrapped in a {@link MeteredEventStore}, which is the primary {@link EventStore}
 * (repositories and projections go through it), and every projection's
 * {@link ProjectionMetrics}, and every {@link PartitionedProjection} bean's {@link PartitionMetrics}.
 * {@code eventsourcing4j.metrics.enabled=false} turns it off.
 */
@AutoConfiguration(after = {EventStoreAutoConfiguration.class, InMemoryStoreAutoConfiguration.class}, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = {"eventsourcing4j.enabled", "eventsourcing4j.metrics.enabled"}, matchIfMissing = true)
public class EventSourcingMetricsAutoConfiguration {

    @Bean
    @Primary
    @ConditionalOnBean(name = EventStoreAutoConfiguration.STORE_BEAN)
    @ConditionalOnMissingBean(MeteredEventStore.class)
    MeteredEventStore eventsourcing4jMeteredStore(@Qualifier(EventStoreAutoConfiguration.STORE_BEAN) EventStore store,
                                                  MeterRegistry registry, EventSourcingProperties properties) {
        String name = properties.metrics().storeName();
        return name == null ? MeteredEventStore.of(store, registry) : MeteredEventStore.of(store, registry, name);
    }

    /** Bound once every bean exists (Boot binds {@code MeterBinder}s after the singletons), so no cycle through the store. */
    @Bean
    @ConditionalOnMissingBean(name = "eventsourcing4jProjectionMeters")
    MeterBinder eventsourcing4jProjectionMeters(ObjectProvider<Projections> projections) {
        return registry -> projections.ifAvailable(all -> all.all().forEach(runner -> ProjectionMetrics.bind(registry, runner)));
    }

    /** Every {@link PartitionedProjection} bean's meters, per segment and in total ({@link PartitionMetrics}). */
    @Bean
    @ConditionalOnMissingBean(name = "eventsourcing4jPartitionedProjectionMeters")
    MeterBinder eventsourcing4jPartitionedProjectionMeters(ObjectProvider<PartitionedProjection> partitioned) {
        return registry -> partitioned.orderedStream().forEach(projection -> PartitionMetrics.bind(registry, projection));
    }
}

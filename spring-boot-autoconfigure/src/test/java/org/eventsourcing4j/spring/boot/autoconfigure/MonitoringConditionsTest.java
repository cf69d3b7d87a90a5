package org.eventsourcing4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.jdbc.JdbcSegmentTarget;
import org.eventsourcing4j.projection.PartitionOptions;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.spring.boot.Projections;
import org.eventsourcing4j.spring.boot.ProjectionsReadinessIndicator;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.metrics.MeteredEventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Meters, the health contributor and readiness: when each applies, and what it reports. */
class MonitoringConditionsTest {
    @TempDir
    Path directory;

    private ApplicationContextRunner withMetrics() {
        return Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("app.db")))
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class))
                .withUserConfiguration(Registry.class, Orders.class);
    }

    @Test
    void with_a_meter_registry_the_store_is_metered_and_every_projection_bound() {
        withMetrics().run(context -> {
            assertThat(context).hasNotFailed();
            EventStore store = context.getBean(EventStore.class);
            assertThat(store).isInstanceOf(MeteredEventStore.class);
            assertThat(context).hasSingleBean(JdbcEventStore.class);
            AppendResult appended = store.append(StreamId.of("order-1"), ExpectedVersion.noStream(),
                    EventData.of("OrderPlaced", "{}"));
            ProjectionRunner view = context.getBean(Projections.class).get(Orders.PROJECTION);
            assertThat(view.awaitProcessed(appended.lastPosition(), Duration.ofSeconds(30))).isTrue();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("eventsourcing4j.store.events.appended").counter().count()).isEqualTo(1.0);
            // The projection's meters share one status read at most once a second.
            io.micrometer.core.instrument.FunctionCounter processed = registry.get(
                    "eventsourcing4j.projection.events.processed").tag("projection", Orders.PROJECTION).functionCounter();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (processed.count() < 1.0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(processed.count()).isEqualTo(1.0);
        });
    }

    @Test
    void a_partitioned_projection_bean_gets_its_meters_per_segment_and_in_total() {
        withMetrics().withUserConfiguration(Partitioned.class).run(context -> {
            assertThat(context).hasNotFailed();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("eventsourcing4j.partition.segments").tag("projection", "partitioned_orders")
                    .gauge().value()).isEqualTo(2.0);
            assertThat(registry.find("eventsourcing4j.partition.segment.lag.events")
                    .tag("projection", "partitioned_orders").gauges()).hasSize(2);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Partitioned {
        @Bean
        PartitionedProjection partitionedOrders(JdbcEventStore store) {
            JdbcSegmentClaims claims = JdbcSegmentClaims.of(store);
            return PartitionedProjection.create("partitioned_orders", store, claims,
                    JdbcSegmentTarget.factory(store, claims, claim -> (event, connection) -> { }, connection -> { }),
                    ProjectionOptions.DEFAULTS, PartitionOptions.of("test", 2));
        }
    }

    @Test
    void metrics_enabled_false_leaves_the_store_unmetered() {
        withMetrics().withPropertyValues("eventsourcing4j.metrics.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EventStore.class)).isNotInstanceOf(MeteredEventStore.class);
            assertThat(context.getBean(MeterRegistry.class).find("eventsourcing4j.projection.lag.events").gauge())
                    .isNull();
        });
    }

    @Test
    void the_health_contributor_reports_the_store_and_each_projection_and_can_be_switched_off() {
        withMetrics().run(context -> {
            HealthIndicator health = context.getBean("eventsourcing4jHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsKeys("head", "projections");
            assertThat(health.health().getDetails().get("projections").toString()).contains(Orders.PROJECTION);
        });
        withMetrics().withPropertyValues("management.health.eventsourcing4j.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("eventsourcing4jHealthIndicator"));
    }

    @Test
    void a_failed_projection_is_down_and_takes_the_application_out_of_readiness() {
        withMetrics().withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
                AvailabilityHealthContributorAutoConfiguration.class)).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("readinessStateHealthIndicator"))
                            .isInstanceOf(ProjectionsReadinessIndicator.class);
                    HealthIndicator readiness = context.getBean("readinessStateHealthIndicator", HealthIndicator.class);
                    ProjectionRunner view = context.getBean(Projections.class).get(Orders.PROJECTION);
                    // The same event id twice in the view's table: its primary key fails the second, and the
                    // projection stops (policy stop).
                    EventStore store = context.getBean(EventStore.class);
                    store.append(StreamId.of("order-x"), ExpectedVersion.noStream(), EventData.of("OrderPlaced", "{}"));
                    context.getBean(JdbcEventStore.class).useTransaction(connection -> connection.createStatement()
                            .execute("drop table order_view"));
                    store.append(StreamId.of("order-y"), ExpectedVersion.noStream(), EventData.of("OrderPlaced", "{}"));
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (view.status().state() != org.eventsourcing4j.projection.ProjectionStatus.State.FAILED
                            && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    HealthIndicator health = context.getBean("eventsourcing4jHealthIndicator", HealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                    assertThat(readiness.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                    assertThat(readiness.health().getDetails().get("reason").toString()).contains(Orders.PROJECTION)
                            .contains("failed");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry simpleMeterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}

package org.eventsourcing4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.CommandOptions;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.spring.boot.EventSourcingProperties;
import org.eventsourcing4j.spring.boot.Repositories;
import org.junit.jupiter.api.Test;

/** Properties reach the beans they configure; a bad one stops the start-up with a message naming it. */
class PropertiesTest {

    @Test
    void projection_properties_reach_the_projection_options() {
        Contexts.withoutDataSource().withPropertyValues("eventsourcing4j.projections.batch-size=42",
                "eventsourcing4j.projections.poll-interval=250ms", "eventsourcing4j.projections.failure-policy=skip",
                "eventsourcing4j.projections.max-attempts=3").run(context -> {
                    ProjectionOptions options = context.getBean(ProjectionOptions.class);
                    assertThat(options.batchSize()).isEqualTo(42);
                    assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(options.policy()).isEqualTo(FailurePolicy.SKIP);
                    assertThat(options.maxAttempts()).isEqualTo(3);
                });
    }

    @Test
    void the_cache_size_gives_repositories_with_a_snapshot_type_a_cache_of_latest_states() {
        Contexts.withoutDataSource().withUserConfiguration(StoreConditionsTest.Counters.class)
                .withPropertyValues("eventsourcing4j.repository.cache-size=5").run(context -> {
            Repositories repositories = context.getBean(Repositories.class);
            AggregateRepository<Counter, Counter.Event> counters = repositories.create(Counter.TYPE, Counter.SNAPSHOT);
            assertThat(counters.options().cache()).hasValueSatisfying(cache -> {
                assertThat(cache.maxAggregates()).isEqualTo(5);
                assertThat(cache.state()).isSameAs(Counter.SNAPSHOT);
            });
            Counter counter = new Counter("c-1");
            counter.increment();
            counters.create(counter, CommandOptions.DEFAULTS);
            counters.update("c-1", Counter::increment);
            assertThat(counters.cacheStatistics().hits()).isEqualTo(1);
            assertThat(counters.load("c-1").count()).isEqualTo(2);
            assertThat(repositories.create(Counter.TYPE).options().cache()).as("no snapshot type, no cache").isEmpty();
        });
        Contexts.withoutDataSource().run(context -> assertThat(context.getBean(Repositories.class)
                .create(Counter.TYPE, Counter.SNAPSHOT).options().cache()).as("off by default").isEmpty());
    }

    @Test
    void without_properties_every_default_applies() {
        Contexts.withoutDataSource().run(context -> assertThat(context.getBean(EventSourcingProperties.class))
                .isEqualTo(EventSourcingProperties.defaults()));
    }

    @Test
    void bad_properties_fail_the_start_naming_the_property() {
        Map<String, String> bad = Map.of(
                "eventsourcing4j.projections.batch-size=0", "eventsourcing4j.projections.batch-size",
                "eventsourcing4j.projections.max-backoff=1ms", "eventsourcing4j.projections.max-backoff",
                "eventsourcing4j.health.horizon-max-age=-1s", "eventsourcing4j.health.horizon-max-age",
                "eventsourcing4j.postgres.table-prefix=Orders-", "eventsourcing4j.postgres.table-prefix",
                "eventsourcing4j.postgres.schema=pg_catalog", "eventsourcing4j.postgres.schema",
                "eventsourcing4j.repository.max-attempts=0", "eventsourcing4j.repository.max-attempts",
                "eventsourcing4j.repository.cache-size=-1", "eventsourcing4j.repository.cache-size",
                "eventsourcing4j.sqlite.busy-timeout=0s", "eventsourcing4j.sqlite.busy-timeout",
                "eventsourcing4j.store=mongo", "eventsourcing4j.store",
                "eventsourcing4j.projections.poll-interval=soon", "eventsourcing4j.projections.poll-interval");
        bad.forEach((property, name) -> Contexts.withoutDataSource().withPropertyValues(property).run(context -> {
            assertThat(context).as(property).hasFailed();
            assertThat(messages(context.getStartupFailure())).as(property).contains(name);
        }));
    }

    /** Every message of the failure and its causes: Boot names the property in one, the record in another. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}

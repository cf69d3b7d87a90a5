package org.eventsourcing4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.spring.boot.EventTypes;
import org.eventsourcing4j.spring.boot.Projections;
import org.eventsourcing4j.spring.boot.ReadHorizon;
import org.eventsourcing4j.spring.boot.Repositories;
import org.eventsourcing4j.spring.boot.SpringTransactionalEventStore;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which store the auto-configuration opens, by the application's DataSource and {@code eventsourcing4j.store}. */
class StoreConditionsTest {
    @TempDir
    Path directory;

    @Test
    void without_a_data_source_the_events_are_kept_in_memory() {
        Contexts.withoutDataSource().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EventStore.class)).isInstanceOf(InMemoryEventStore.class);
            assertThat(context).hasSingleBean(EventCodec.class).hasSingleBean(Repositories.class)
                    .hasSingleBean(Projections.class).doesNotHaveBean(JdbcEventStore.class);
        });
    }

    @Test
    void a_sqlite_data_source_gets_the_sqlite_store_joining_spring_transactions() {
        Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("events.db"))).run(context -> {
            assertThat(context).hasNotFailed();
            JdbcEventStore store = context.getBean(JdbcEventStore.class);
            assertThat(store).isInstanceOf(SpringTransactionalEventStore.class);
            assertThat(((SpringTransactionalEventStore) store).store()).isInstanceOf(SqliteEventStore.class);
            store.append(StreamId.of("order-1"), ExpectedVersion.noStream(), EventData.of("OrderPlaced", "{}"));
            assertThat(store.currentVersion(StreamId.of("order-1"))).isEqualTo(1);
            assertThat(context.getBean(ReadHorizon.class).heldBack()).isEmpty();
        });
        assertThat(directory.resolve("events.db")).exists();
    }

    @Test
    void with_own_connections_off_the_sqlite_store_uses_the_data_sources_connections() {
        Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("borrowed.db")))
                .withPropertyValues("eventsourcing4j.sqlite.own-connections=false").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(OpenedStore.class).description()).contains("the DataSource's connections");
                    JdbcEventStore store = context.getBean(JdbcEventStore.class);
                    store.append(StreamId.of("order-1"), ExpectedVersion.noStream(), EventData.of("OrderPlaced", "{}"));
                    assertThat(store.currentVersion(StreamId.of("order-1"))).isEqualTo(1);
                });
        Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("own.db"))).run(context ->
                assertThat(context.getBean(OpenedStore.class).description()).isEqualTo("SQLite file "
                        + directory.resolve("own.db").toAbsolutePath()));
    }

    @Test
    void a_postgresql_data_source_gets_the_postgresql_store_in_the_connections_schema() {
        try (TestPostgres postgres = new TestPostgres()) {
            Contexts.onDataSource(postgres.url()).run(context -> {
                assertThat(context).hasNotFailed();
                JdbcEventStore store = context.getBean(JdbcEventStore.class);
                PostgresEventStore postgresStore = (PostgresEventStore) ((SpringTransactionalEventStore) store).store();
                assertThat(postgresStore.schema().schema()).isEqualTo(postgres.schema);
                assertThat(postgresStore.schema().tablePrefix()).isEqualTo("es_");
            });
            Contexts.onDataSource(postgres.url()).withPropertyValues("eventsourcing4j.postgres.table-prefix=orders_")
                    .run(context -> assertThat(((PostgresEventStore) ((SpringTransactionalEventStore)
                            context.getBean(JdbcEventStore.class)).store()).schema().tablePrefix()).isEqualTo("orders_"));
        }
    }

    @Test
    void store_memory_keeps_events_in_memory_beside_a_data_source() {
        Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("app.db")))
                .withPropertyValues("eventsourcing4j.store=memory").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EventStore.class)).isInstanceOf(InMemoryEventStore.class);
                    assertThat(context).doesNotHaveBean(JdbcEventStore.class);
                });
    }

    @Test
    void a_store_kind_that_does_not_fit_the_data_source_fails_the_start_naming_the_property() {
        Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("app.db")))
                .withPropertyValues("eventsourcing4j.store=postgres").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("eventsourcing4j.store=postgres").hasMessageContaining("sqlite");
                });
        Contexts.withoutDataSource().withPropertyValues("eventsourcing4j.store=sqlite").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("eventsourcing4j.store=sqlite needs one DataSource");
        });
    }

    @Test
    void the_applications_own_beans_win() {
        Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("app.db")))
                .withUserConfiguration(OwnBeans.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EventStore.class)).isSameAs(context.getBean("ownStore"));
                    assertThat(context).doesNotHaveBean(JdbcEventStore.class).doesNotHaveBean(OpenedStore.class);
                    assertThat(context.getBean(EventTypeRegistry.class)).isSameAs(context.getBean("ownRegistry"));
                    assertThat(context.getBean(Repositories.class)).isSameAs(context.getBean("ownRepositories"));
                });
    }

    @Test
    void event_types_beans_fill_the_registry_and_repositories_use_it() {
        Contexts.withoutDataSource().withUserConfiguration(Counters.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EventTypeRegistry.class).typeOf(Counter.Incremented.class).name())
                    .isEqualTo("CounterIncremented");
            @SuppressWarnings("unchecked")
            AggregateRepository<Counter, Counter.Event> counters = context.getBean(AggregateRepository.class);
            Counter counter = new Counter("c-1");
            counter.increment();
            counters.save(counter);
            assertThat(counters.load("c-1").count()).isEqualTo(1);
        });
    }

    @Test
    void enabled_false_switches_everything_off() {
        Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("app.db")))
                .withPropertyValues("eventsourcing4j.enabled=false").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(EventStore.class).doesNotHaveBean(EventCodec.class)
                            .doesNotHaveBean(Repositories.class).doesNotHaveBean(Projections.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean
        EventStore ownStore() {
            return new InMemoryEventStore();
        }

        @Bean
        EventTypeRegistry ownRegistry() {
            return EventTypeRegistry.builder().build();
        }

        @Bean
        Repositories ownRepositories(EventStore store, EventCodec codec) {
            return new Repositories(store, codec, new org.eventsourcing4j.snapshot.InMemorySnapshotStore(),
                    org.eventsourcing4j.spring.boot.EventSourcingProperties.defaults().repository(),
                    java.time.Clock.systemUTC());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Counters {
        @Bean
        EventTypes counterEvents() {
            return types -> types.register(Counter.Incremented.class, "CounterIncremented");
        }

        @Bean
        AggregateRepository<Counter, Counter.Event> counters(Repositories repositories) {
            return repositories.create(Counter.TYPE);
        }
    }
}

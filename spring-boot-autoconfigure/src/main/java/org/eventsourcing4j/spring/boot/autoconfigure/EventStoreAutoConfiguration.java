package org.eventsourcing4j.spring.boot.autoconfigure;

import java.time.Clock;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.spring.boot.EventSourcingProperties;
import org.eventsourcing4j.spring.boot.EventSourcingProperties.StoreKind;
import org.eventsourcing4j.spring.boot.ReadHorizon;
import org.eventsourcing4j.spring.boot.SpringTransactionalEventStore;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The event store: on the application's {@code DataSource} (PostgreSQL or SQLite, by what
 * the database is), its appends joining Spring transactions; in memory when there is none.
 * Backs off when the application defines an {@link EventStore} of its own.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "eventsourcing4j.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventSourcingProperties.class)
@Import({EventStoreAutoConfiguration.DataSourceStore.class, EventStoreAutoConfiguration.MemoryStore.class})
public class EventStoreAutoConfiguration {
    /** The name of the store bean this configuration defines (the metered one wraps it). */
    public static final String STORE_BEAN = "eventsourcing4jStore";

    private static final Logger LOG = LoggerFactory.getLogger(EventStoreAutoConfiguration.class);

    static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.eventsourcing4j.jdbc.JdbcEventStore",
            "org.springframework.jdbc.datasource.DataSourceUtils"})
    @ConditionalOnSingleCandidate(DataSource.class)
    @Conditional(OnDurableStore.class)
    static class DataSourceStore {

        @Bean
        @ConditionalOnMissingBean(EventStore.class)
        OpenedStore eventsourcing4jOpenedStore(DataSource dataSource, EventSourcingProperties properties,
                                               ObjectProvider<Clock> clock) {
            OpenedStore opened = OpenedStore.open(dataSource, properties, clock(clock));
            LOG.info("eventsourcing4j: events in {}", opened.description());
            return opened;
        }

        /** Closed by the opened store, not here. */
        @Bean(name = STORE_BEAN, destroyMethod = "")
        @ConditionalOnBean(OpenedStore.class)
        JdbcEventStore eventsourcing4jStore(OpenedStore opened, DataSource dataSource) {
            return SpringTransactionalEventStore.of(opened.store(), dataSource);
        }

        @Bean
        @ConditionalOnBean(OpenedStore.class)
        @ConditionalOnMissingBean(SnapshotStore.class)
        SnapshotStore eventsourcing4jSnapshotStore(JdbcEventStore store) {
            return store.snapshots();
        }

        @Bean
        @ConditionalOnBean(OpenedStore.class)
        @ConditionalOnMissingBean(ReadHorizon.class)
        ReadHorizon eventsourcing4jReadHorizon(OpenedStore opened) {
            return opened.horizon().orElse(java.util.Optional::empty);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MemoryStore {

        /** In memory: without a {@code DataSource}, or when {@code eventsourcing4j.store=memory}. */
        @Bean(name = STORE_BEAN)
        @ConditionalOnMissingBean(EventStore.class)
        EventStore eventsourcing4jStore(EventSourcingProperties properties, ObjectProvider<DataSource> dataSources,
                                        ObjectProvider<Clock> clock) {
            if (properties.store() == StoreKind.POSTGRES || properties.store() == StoreKind.SQLITE) {
                long count = dataSources.stream().count();
                throw new IllegalStateException("eventsourcing4j.store=" + properties.store().name().toLowerCase(
                        java.util.Locale.ROOT) + " needs one DataSource (spring.datasource.url), but the application has "
                        + (count == 0 ? "none" : count + " and none is primary")
                        + (jdbcPresent() ? "" : "; eventsourcing4j-jdbc and spring-jdbc must be on the class path too"));
            }
            LOG.info("eventsourcing4j: events in memory");
            return new InMemoryEventStore(clock(clock));
        }

        @Bean
        @ConditionalOnMissingBean(SnapshotStore.class)
        @ConditionalOnBean(name = STORE_BEAN)
        SnapshotStore eventsourcing4jSnapshotStore() {
            return new InMemorySnapshotStore();
        }

        private static boolean jdbcPresent() {
            return org.springframework.util.ClassUtils.isPresent("org.eventsourcing4j.jdbc.JdbcEventStore",
                    EventStoreAutoConfiguration.class.getClassLoader())
                    && org.springframework.util.ClassUtils.isPresent(
                    "org.springframework.jdbc.datasource.DataSourceUtils", EventStoreAutoConfiguration.class.getClassLoader());
        }
    }
}

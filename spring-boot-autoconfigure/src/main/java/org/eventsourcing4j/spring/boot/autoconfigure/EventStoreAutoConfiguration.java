package org.eventsourcing4j.spring.boot.autoconfigure;

import java.time.Clock;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.spring.boot.EventSourcingProperties;
import org.eventsourcing4j.spring.boot.ReadHorizon;
import org.eventsourcing4j.spring.boot.SpringTransactionalEventStore;
import org.eventsourcing4j.store.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.eventsourcing4j.spring.boot.ReplicaDataSource;
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
 * The event store on the application's {@code DataSource} (PostgreSQL or SQLite, by what the
 * database is), its appends joining Spring transactions. Without a {@code DataSource},
 * {@link InMemoryStoreAutoConfiguration} keeps the events in memory. Backs off when the
 * application defines an {@link EventStore} of its own.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "eventsourcing4j.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventSourcingProperties.class)
@Import(EventStoreAutoConfiguration.DataSourceStore.class)
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
                                               ObjectProvider<Clock> clock, ObjectProvider<ReplicaDataSource> replica) {
            OpenedStore opened = OpenedStore.open(dataSource, replica.getIfAvailable(), properties, clock(clock));
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
}

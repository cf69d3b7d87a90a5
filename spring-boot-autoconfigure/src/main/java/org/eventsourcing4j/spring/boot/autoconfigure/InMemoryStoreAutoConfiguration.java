package org.eventsourcing4j.spring.boot.autoconfigure;

import java.time.Clock;
import java.util.Locale;
import javax.sql.DataSource;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.spring.boot.EventSourcingProperties;
import org.eventsourcing4j.spring.boot.EventSourcingProperties.StoreKind;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The in-memory store, when no other store was made: the application has no
 * {@code DataSource}, or asks for it with {@code eventsourcing4j.store=memory}. A
 * {@code DataSource} the store could not be opened on (several, none primary) fails the
 * start instead of silently keeping events in memory.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "eventsourcing4j.enabled", matchIfMissing = true)
public class InMemoryStoreAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryStoreAutoConfiguration.class);

    @Bean(name = EventStoreAutoConfiguration.STORE_BEAN)
    @ConditionalOnMissingBean(EventStore.class)
    EventStore eventsourcing4jStore(EventSourcingProperties properties, ObjectProvider<DataSource> dataSources,
                                    ObjectProvider<Clock> clock) {
        StoreKind kind = properties.store();
        long count = dataSources.stream().count();
        if (kind == StoreKind.POSTGRES || kind == StoreKind.SQLITE || (kind == StoreKind.AUTO && count > 0)) {
            throw new IllegalStateException("eventsourcing4j.store=" + kind.name().toLowerCase(Locale.ROOT)
                    + " needs one DataSource (spring.datasource.url) to open the store on, but the application has "
                    + (count == 0 ? "none" : count + " and none is primary") + (jdbcPresent() ? ""
                    : "; eventsourcing4j-jdbc and spring-jdbc must be on the class path too")
                    + "; eventsourcing4j.store=memory keeps the events in memory");
        }
        LOG.info("eventsourcing4j: events in memory");
        return new InMemoryEventStore(EventStoreAutoConfiguration.clock(clock));
    }

    @Bean
    @ConditionalOnBean(name = EventStoreAutoConfiguration.STORE_BEAN)
    @ConditionalOnMissingBean(SnapshotStore.class)
    SnapshotStore eventsourcing4jSnapshotStore() {
        return new InMemorySnapshotStore();
    }

    private static boolean jdbcPresent() {
        ClassLoader loader = InMemoryStoreAutoConfiguration.class.getClassLoader();
        return ClassUtils.isPresent("org.eventsourcing4j.jdbc.JdbcEventStore", loader)
                && ClassUtils.isPresent("org.springframework.jdbc.datasource.DataSourceUtils", loader);
    }
}

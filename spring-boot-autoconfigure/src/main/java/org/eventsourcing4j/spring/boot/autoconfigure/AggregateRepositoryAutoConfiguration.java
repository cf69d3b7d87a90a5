package org.eventsourcing4j.spring.boot.autoconfigure;

import java.time.Clock;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.spring.boot.EventSourcingProperties;
import org.eventsourcing4j.spring.boot.Repositories;
import org.eventsourcing4j.store.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** {@link Repositories}, which makes the application's aggregate repositories on its store and codec. */
@AutoConfiguration(after = {EventStoreAutoConfiguration.class, InMemoryStoreAutoConfiguration.class, EventSerializationAutoConfiguration.class,
        EventSourcingMetricsAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "eventsourcing4j.enabled", matchIfMissing = true)
@ConditionalOnBean(EventStore.class)
public class AggregateRepositoryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Repositories eventsourcing4jRepositories(EventStore store, EventCodec codec, ObjectProvider<SnapshotStore> snapshots,
                                             EventSourcingProperties properties, ObjectProvider<Clock> clock) {
        SnapshotStore snapshotStore = snapshots.getIfAvailable(org.eventsourcing4j.snapshot.InMemorySnapshotStore::new);
        return new Repositories(store, codec, snapshotStore, properties.repository(), EventStoreAutoConfiguration.clock(clock));
    }
}

package org.eventsourcing4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/** {@code eventsourcing4j.postgres.*} reaches the PostgreSQL store's options; unset, the store's defaults apply. */
class PostgresPropertiesTest {

    @Test
    void postgres_properties_reach_the_store_options() {
        try (TestPostgres postgres = new TestPostgres()) {
            Contexts.onDataSource(postgres.url())
                    .withPropertyValues("eventsourcing4j.postgres.group-commit=true",
                            "eventsourcing4j.postgres.known-streams=7", "eventsourcing4j.postgres.stream-page-size=50",
                            "eventsourcing4j.postgres.notifications=false", "eventsourcing4j.postgres.horizon-wait=0s")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        PostgresOptions options = ((PostgresEventStore) context.getBean(OpenedStore.class).store())
                                .options();
                        assertThat(options.groupCommit()).isTrue();
                        assertThat(options.knownStreams()).isEqualTo(7);
                        assertThat(options.streamPageSize()).isEqualTo(50);
                        assertThat(options.notifications()).isFalse();
                        assertThat(options.horizonWait()).isEqualTo(Duration.ZERO);
                        EventStore store = context.getBean(EventStore.class);
                        assertThat(store.append(StreamId.of("order-1"), ExpectedVersion.noStream(),
                                EventData.of("OrderPlaced", "{}")).streamVersion()).as("appends go through").isEqualTo(1);
                    });
        }
    }

    @Test
    void unset_postgres_properties_keep_the_store_defaults() {
        try (TestPostgres postgres = new TestPostgres()) {
            Contexts.onDataSource(postgres.url()).run(context -> {
                PostgresOptions options = ((PostgresEventStore) context.getBean(OpenedStore.class).store()).options();
                PostgresOptions defaults = PostgresOptions.DEFAULTS;
                assertThat(options.groupCommit()).isEqualTo(defaults.groupCommit()).isFalse();
                assertThat(options.knownStreams()).isEqualTo(defaults.knownStreams());
                assertThat(options.streamPageSize()).isEqualTo(defaults.streamPageSize());
                assertThat(options.notifications()).isEqualTo(defaults.notifications());
                assertThat(options.horizonWait()).isEqualTo(defaults.horizonWait());
            });
        }
    }
}

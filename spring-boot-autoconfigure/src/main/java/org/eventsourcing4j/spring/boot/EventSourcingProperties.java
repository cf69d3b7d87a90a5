package org.eventsourcing4j.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code eventsourcing4j.*}. Every value is checked when the application
 * starts: a bad one stops the start-up with a message that names the property.
 *
 * @param enabled     whether the auto-configuration applies at all (default true)
 * @param store       which store to open: {@code auto} (the default) takes the PostgreSQL
 *                    store when the application's {@code DataSource} is PostgreSQL, the
 *                    SQLite store when it is SQLite, and the in-memory store when there is no
 *                    {@code DataSource}; {@code memory}, {@code sqlite} or {@code postgres}
 *                    insist on one (and fail the start-up when the {@code DataSource} does not fit)
 * @param postgres    the PostgreSQL store's tables and behaviour
 * @param sqlite      the SQLite store's behaviour
 * @param projections how the projection runners run
 * @param repository  retries and snapshots of the aggregate repositories
 * @param health      when the health contributor reports the store down
 * @param metrics     whether the store and projections are metered in the application's registry
 */
@ConfigurationProperties("eventsourcing4j")
public record EventSourcingProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("auto") StoreKind store,
        @NestedConfigurationProperty @DefaultValue PostgresStoreProperties postgres,
        @NestedConfigurationProperty @DefaultValue SqliteStoreProperties sqlite,
        @NestedConfigurationProperty @DefaultValue ProjectionProperties projections,
        @NestedConfigurationProperty @DefaultValue RepositoryProperties repository,
        @NestedConfigurationProperty @DefaultValue HealthProperties health,
        @NestedConfigurationProperty @DefaultValue MetricsProperties metrics) {

    /** Which store {@code eventsourcing4j.store} asks for. */
    public enum StoreKind {
        /** By the application's {@code DataSource}: PostgreSQL, SQLite, or in memory without one. */
        AUTO,
        /** In memory, even when there is a {@code DataSource}: for tests and demos. */
        MEMORY,
        /** SQLite on the application's {@code DataSource}. */
        SQLITE,
        /** PostgreSQL on the application's {@code DataSource}. */
        POSTGRES
    }

    public EventSourcingProperties {
        PropertyChecks.notNull(store, "eventsourcing4j.store");
    }

    /** The defaults, as an application without any {@code eventsourcing4j.*} property gets them. */
    public static EventSourcingProperties defaults() {
        return new EventSourcingProperties(true, StoreKind.AUTO, PostgresStoreProperties.defaults(),
                SqliteStoreProperties.defaults(), ProjectionProperties.defaults(), RepositoryProperties.defaults(),
                HealthProperties.defaults(), MetricsProperties.defaults());
    }
}

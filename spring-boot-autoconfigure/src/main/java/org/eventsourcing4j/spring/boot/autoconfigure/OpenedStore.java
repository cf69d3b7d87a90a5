package org.eventsourcing4j.spring.boot.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.spring.boot.EventSourcingProperties;
import org.eventsourcing4j.spring.boot.EventSourcingProperties.StoreKind;
import org.eventsourcing4j.spring.boot.ReadHorizon;
import org.eventsourcing4j.spring.boot.ReplicaDataSource;
import org.eventsourcing4j.store.StorageException;
import org.springframework.util.ClassUtils;

/**
 * The SQL store opened on the application's {@code DataSource}: PostgreSQL or SQLite, by
 * what the database says it is (or what {@code eventsourcing4j.store} insists on). Closing
 * it closes the store; the {@code DataSource} stays the application's.
 *
 * @param description where the events are, for the log: a database and schema, or a file
 * @param horizon     on PostgreSQL, the transaction-id horizon that may hold readers back
 */
record OpenedStore(JdbcEventStore store, String description, Optional<ReadHorizon> horizon)
        implements AutoCloseable {

    /** @param replica a streaming replica to read from (PostgreSQL only), or null */
    static OpenedStore open(DataSource dataSource, ReplicaDataSource replica, EventSourcingProperties properties,
                            Clock clock) {
        String product = databaseProduct(dataSource);
        boolean postgres = product.equals("postgresql");
        boolean sqlite = product.equals("sqlite");
        StoreKind kind = properties.store();
        if ((kind == StoreKind.POSTGRES && !postgres) || (kind == StoreKind.SQLITE && !sqlite)) {
            throw new IllegalStateException("eventsourcing4j.store=" + kind.name().toLowerCase(Locale.ROOT)
                    + " but the application's DataSource is " + product + "; set eventsourcing4j.store to match it,"
                    + " or to auto");
        }
        if (postgres) {
            requireModule("org.eventsourcing4j.postgres.PostgresEventStore", "eventsourcing4j-postgres", product);
            return PostgresStores.open(dataSource, replica, properties.postgres(), clock);
        }
        if (sqlite) {
            requireModule("org.eventsourcing4j.sqlite.SqliteEventStore", "eventsourcing4j-sqlite", product);
            if (replica != null) {
                throw new IllegalStateException("a ReplicaDataSource bean is defined, but the application's DataSource"
                        + " is SQLite: reads from a replica are for PostgreSQL only");
            }
            return SqliteStores.open(dataSource, properties.sqlite(), clock);
        }
        throw new IllegalStateException("the application's DataSource is " + product + ", which eventsourcing4j"
                + " has no store for (PostgreSQL and SQLite); set eventsourcing4j.store=memory to keep events in"
                + " memory, or define an EventStore bean");
    }

    private static void requireModule(String className, String artifact, String product) {
        if (!ClassUtils.isPresent(className, OpenedStore.class.getClassLoader())) {
            throw new IllegalStateException("the application's DataSource is " + product + " but " + artifact
                    + " is not on the class path: add the dependency org.eventsourcing4j:" + artifact);
        }
    }

    /** The database's product name in lower case, e.g. {@code postgresql} or {@code sqlite}. */
    private static String databaseProduct(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new StorageException("cannot connect to the application's DataSource to open the event store: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}

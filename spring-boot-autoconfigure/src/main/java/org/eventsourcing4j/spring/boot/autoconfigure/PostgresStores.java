package org.eventsourcing4j.spring.boot.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.eventsourcing4j.postgres.HorizonStatus;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresReplica;
import org.eventsourcing4j.spring.boot.ReplicaDataSource;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.spring.boot.PostgresStoreProperties;
import org.eventsourcing4j.spring.boot.ReadHorizon;
import org.eventsourcing4j.store.StorageException;

/** Opens the PostgreSQL store; only called when the postgres module is on the class path. */
final class PostgresStores {
    private PostgresStores() {
    }

    static OpenedStore open(DataSource dataSource, ReplicaDataSource replica, PostgresStoreProperties properties,
                            Clock clock) {
        String schema = properties.schema() != null ? properties.schema() : currentSchema(dataSource);
        PostgresOptions options = PostgresOptions.DEFAULTS
                .withSchema(PostgresSchema.of(schema, properties.tablePrefix()))
                .withClock(clock)
                .withCreateSchema(properties.createSchema())
                .withKnownStreams(properties.knownStreams())
                .withStreamPageSize(properties.streamPageSize())
                .withNotifications(properties.notifications(), PostgresOptions.DEFAULTS.notifyInterval())
                .withHorizonWait(properties.horizonWait())
                .withGroupCommit(properties.groupCommit());
        PostgresEventStore store = replica == null ? PostgresEventStore.create(dataSource, options)
                : PostgresEventStore.create(dataSource,
                        PostgresReplica.of(replica.dataSource()).readingPrimaryWhenDown(replica.retryAfter()), options);
        ReadHorizon horizon = () -> heldBack(store.horizonStatus());
        return new OpenedStore(store, "PostgreSQL, schema " + schema + ", tables " + properties.tablePrefix() + "*"
                + (replica == null ? "" : ", stream reads from a streaming replica"), Optional.of(horizon));
    }

    private static Optional<ReadHorizon.HeldBack> heldBack(HorizonStatus status) {
        if (!status.heldBack()) {
            return Optional.empty();
        }
        return Optional.of(status.oldestTransaction()
                .map(t -> new ReadHorizon.HeldBack(t.pid(), t.age(), t.applicationName(), t.state(), status.describe()))
                .orElseGet(() -> new ReadHorizon.HeldBack(0, java.time.Duration.ZERO, "", "ended", status.describe())));
    }

    private static String currentSchema(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select current_schema()")) {
            String schema = row.next() ? row.getString(1) : null;
            if (schema == null) {
                throw new StorageException("the DataSource's connections have no current schema (none of their"
                        + " search_path exists): create it, set currentSchema in the JDBC URL, or set"
                        + " eventsourcing4j.postgres.schema", null);
            }
            return schema;
        } catch (SQLException e) {
            throw PostgresDialect.INSTANCE.translate(e, "reading the current schema");
        }
    }
}

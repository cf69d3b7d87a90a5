package org.eventsourcing4j.nats;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.subscription.CheckpointStore;
import org.eventsourcing4j.testkit.publishing.OpenTransactionLog;

/**
 * A PostgreSQL store in a fresh schema on the test server ({@code EVENTSOURCING4J_PG_URL},
 * default the local one), dropped on close. Never skipped: an unreachable server fails the test.
 */
final class TestPostgres implements OpenTransactionLog {
    private final String url;
    private final String schema;
    private final HikariDataSource dataSource;
    private final PostgresEventStore store;
    private final JdbcCheckpointStore checkpoints;

    TestPostgres(String label) {
        String configured = System.getenv("EVENTSOURCING4J_PG_URL");
        url = configured == null || configured.isBlank() ? "jdbc:postgresql://localhost:5432/test?user=postgres" : configured;
        schema = "es4j_test_" + label + "_" + UUID.randomUUID().toString().substring(0, 8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(6);
        config.setPoolName(schema);
        dataSource = new HikariDataSource(config);
        store = PostgresEventStore.builder(dataSource).schema(PostgresSchema.of(schema, "es_"))
                .horizonWait(Duration.ofMillis(100)).build();
        checkpoints = new JdbcCheckpointStore(store, schema + ".checkpoints");
    }

    @Override
    public EventStore store() {
        return store;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    @Override
    public OpenAppend appendAndHold(AppendBatch batch) {
        try {
            Connection transaction = DriverManager.getConnection(url);
            transaction.setAutoCommit(false);
            store.appendInTransaction(transaction, batch);
            return new OpenAppend() {
                @Override
                public void commit() {
                    end(true);
                }

                @Override
                public void rollback() {
                    end(false);
                }

                private void end(boolean commit) {
                    try (transaction) {
                        if (commit) {
                            transaction.commit();
                        } else {
                            transaction.rollback();
                        }
                    } catch (SQLException e) {
                        throw new StorageException("ending the held transaction failed", e);
                    }
                }
            };
        } catch (SQLException e) {
            throw new StorageException("cannot open a transaction on " + url, e);
        }
    }

    @Override
    public void close() {
        store.close();
        dataSource.close();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists \"" + schema + "\" cascade");
        } catch (SQLException e) {
            throw new StorageException("cannot drop test schema " + schema, e);
        }
    }
}

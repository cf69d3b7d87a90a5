package org.eventsourcing4j.postgres;

import java.time.Clock;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcDeadLetterStore;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.eventsourcing4j.testkit.ProjectionContract;
import org.eventsourcing4j.testkit.RecordingProjection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The projection contract with the store itself as the {@code JdbcTransactions}: read
 * model, checkpoints and dead letters in the store's schema, written through
 * {@link PostgresEventStore#inTransaction}, and the runner woken by the store's
 * notifications ({@code AppendNotifier}).
 */
class PostgresStoreTransactionsProjectionContractTest extends ProjectionContract {
    private static PgTestDatabase database;
    private static int tests;
    private JdbcCheckpointStore checkpoints;
    private String prefix;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("storetx");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Override
    protected EventStore newStore(Clock clock) {
        prefix = "t" + (++tests) + "_";
        PostgresEventStore store = database.store(prefix, clock);
        checkpoints = new JdbcCheckpointStore(store, database.schema + "." + prefix + "checkpoints");
        return store;
    }

    @Override
    protected RecordingProjection newProjection(EventStore store, String name) throws Exception {
        return new JdbcRecordingProjection(name, (PostgresEventStore) store, checkpoints,
                database.schema + "." + prefix + "recorded");
    }

    @Override
    protected DeadLetterStore newDeadLetterStore(EventStore store) {
        return new JdbcDeadLetterStore((PostgresEventStore) store, database.schema + "." + prefix + "dead_letters");
    }
}

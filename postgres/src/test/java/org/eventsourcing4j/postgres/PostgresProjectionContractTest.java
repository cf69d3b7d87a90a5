package org.eventsourcing4j.postgres;

import java.time.Clock;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcDeadLetterStore;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.eventsourcing4j.testkit.ProjectionContract;
import org.eventsourcing4j.testkit.RecordingProjection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The projection contract on PostgreSQL end to end: the runner follows this store's global
 * log (catch-up, live, with concurrent writers) into an exactly-once read model and
 * checkpoint in the same database.
 */
class PostgresProjectionContractTest extends ProjectionContract {
    private static PgTestDatabase database;
    private static int tests;
    private JdbcTransactions transactions;
    private JdbcCheckpointStore checkpoints;
    private String prefix;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("projection");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Override
    protected EventStore newStore(Clock clock) {
        prefix = "t" + (++tests) + "_";
        PostgresEventStore store = database.store(prefix, clock); // creates the schema
        transactions = new Jdbc(database.dataSource, PostgresDialect.INSTANCE);
        checkpoints = new JdbcCheckpointStore(transactions, database.schema + "." + prefix + "checkpoints");
        return store;
    }

    @Override
    protected RecordingProjection newProjection(EventStore store, String name) throws Exception {
        return new JdbcRecordingProjection(name, transactions, checkpoints, database.schema + "." + prefix + "recorded");
    }

    @Override
    protected DeadLetterStore newDeadLetterStore(EventStore store) {
        return new JdbcDeadLetterStore(transactions, database.schema + "." + prefix + "dead_letters");
    }
}

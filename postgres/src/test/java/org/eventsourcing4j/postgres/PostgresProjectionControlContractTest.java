package org.eventsourcing4j.postgres;

import java.time.Clock;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.ProjectionControl;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.eventsourcing4j.testkit.ProjectionControlContract;
import org.eventsourcing4j.testkit.RecordingProjection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Projection control in the PostgreSQL store's own tables, with its advisory-lock leases and dead-letter table. */
class PostgresProjectionControlContractTest extends ProjectionControlContract {
    private static PgTestDatabase database;
    private static int tests;
    private String prefix;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("control");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Override
    protected EventStore newStore(Clock clock) {
        prefix = "t" + (++tests) + "_";
        return database.store(prefix, clock);
    }

    @Override
    protected ProjectionControl newControl(EventStore store) {
        return ((PostgresEventStore) store).projectionControl();
    }

    @Override
    protected RecordingProjection newProjection(EventStore store, String name) {
        PostgresEventStore postgres = (PostgresEventStore) store;
        return new JdbcRecordingProjection(name, postgres, postgres.checkpoints(),
                database.schema + "." + prefix + "recorded");
    }

    @Override
    protected DeadLetterStore newDeadLetterStore(EventStore store) {
        return ((PostgresEventStore) store).deadLetters();
    }

    @Override
    protected ProjectionLease newLease(EventStore store, String name) {
        return ((PostgresEventStore) store).lease(name);
    }
}

package org.eventsourcing4j.postgres;

import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.jdbc.JdbcSnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.testkit.SnapshotStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The snapshot store contract on the core's JDBC snapshot store over PostgreSQL (a new table per test). */
class PostgresSnapshotStoreContractTest extends SnapshotStoreContract {
    private static PgTestDatabase database;
    private static int tests;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("snapshots");
        try (PostgresEventStore store = database.store("es_", java.time.Clock.systemUTC())) {
            // creates the schema the snapshot tables live in
        }
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Override
    protected SnapshotStore newStore(int retainedPerStream) {
        return new JdbcSnapshotStore(new Jdbc(database.dataSource, PostgresDialect.INSTANCE),
                database.schema + ".snapshots_" + (++tests), retainedPerStream);
    }
}

package org.eventsourcing4j.postgres;

import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.DcbContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The DCB conformance suite against the real server: one schema for the class, fresh tables per test. */
class PostgresDcbContractTest extends DcbContract {
    private static PgTestDatabase database;
    private static int tests;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("dcb");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Override
    protected EventStore newStore(Clock clock) {
        return database.store("t" + (++tests) + "_", clock);
    }
}

package org.eventsourcing4j.postgres;

import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.AppendNotifierContract;
import org.eventsourcing4j.testkit.EventStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The whole contract suite against the real server: one schema for the class, fresh tables per test. */
class PostgresEventStoreContractTest extends EventStoreContract implements AppendNotifierContract {
    private static PgTestDatabase database;
    private static int tests;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("contract");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Override
    protected EventStore newStore(Clock clock) {
        return database.store("t" + (++tests) + "_", clock);
    }

    /**
     * The suite again with {@code knownStreams(0)}: every {@code exactly(v)} append takes the
     * statement that checks v, which the default store uses only for versions it has not
     * seen committed.
     */
    @Nested
    class WithoutKnownStreams extends EventStoreContract {
        @Override
        protected EventStore newStore(Clock clock) {
            return database.store(database.options("u" + (++tests) + "_").withClock(clock).withKnownStreams(0));
        }
    }
}

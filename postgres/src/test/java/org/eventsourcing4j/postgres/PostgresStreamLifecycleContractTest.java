package org.eventsourcing4j.postgres;

import java.sql.SQLException;
import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.StreamLifecycleContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The lifecycle contract against the real server, fresh tables per test, live rows counted
 * in the events table; again without {@code KnownHeads}, so that both append statements
 * (the unchecked insert after a known head and the checked one) meet retired streams.
 */
class PostgresStreamLifecycleContractTest extends StreamLifecycleContract {
    private static PgTestDatabase database;
    private static int tests;
    private String prefix;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("lifecycle");
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
    protected long liveEventRows() {
        return countRows(prefix);
    }

    static long countRows(String prefix) {
        try {
            return database.count("select count(*) from \"" + database.schema + "\".\"" + prefix + "events\"");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class WithoutKnownStreams extends StreamLifecycleContract {
        private String prefix;

        @Override
        protected EventStore newStore(Clock clock) {
            prefix = "u" + (++tests) + "_";
            return database.store(database.options(prefix).withClock(clock).withKnownStreams(0));
        }

        @Override
        protected long liveEventRows() {
            return countRows(prefix);
        }
    }
}

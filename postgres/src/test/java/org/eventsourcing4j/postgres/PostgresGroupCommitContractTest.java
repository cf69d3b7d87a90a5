package org.eventsourcing4j.postgres;

import java.sql.SQLException;
import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.AppendNotifierContract;
import org.eventsourcing4j.testkit.EventStoreContract;
import org.eventsourcing4j.testkit.StreamLifecycleContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The whole contract suite, and the lifecycle contract, against stores with group commit on
 * ({@link PostgresOptions#withGroupCommit}): its concurrent appends (the concurrency contract's
 * racing writers) go through groups, and every single append through the group front.
 * {@link GroupCommitRaceTest} forces groups with conflicts and refusals inside them.
 */
class PostgresGroupCommitContractTest extends EventStoreContract implements AppendNotifierContract {
    private static PgTestDatabase database;
    private static int tests;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("group");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    private static PostgresEventStore grouped(String prefix, Clock clock) {
        return database.store(database.options(prefix).withClock(clock).withGroupCommit(true));
    }

    @Override
    protected EventStore newStore(Clock clock) {
        return grouped("t" + (++tests) + "_", clock);
    }

    @Nested
    class Lifecycle extends StreamLifecycleContract {
        private String prefix;

        @Override
        protected EventStore newStore(Clock clock) {
            prefix = "l" + (++tests) + "_";
            return grouped(prefix, clock);
        }

        @Override
        protected long liveEventRows() {
            try {
                return database.count("select count(*) from \"" + database.schema + "\".\"" + prefix + "events\"");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

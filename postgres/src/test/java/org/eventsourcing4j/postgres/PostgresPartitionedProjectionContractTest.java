package org.eventsourcing4j.postgres;

import java.time.Clock;
import java.time.Duration;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.JdbcSegmentRecording;
import org.eventsourcing4j.testkit.PartitionedProjectionContract;
import org.eventsourcing4j.testkit.SegmentRecording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The partitioned projection contract on PostgreSQL: instances in this JVM share the store's
 * claims table ({@link JdbcSegmentClaims#of}) as separate processes would, each segment's
 * page committed with its fence and checkpoint in one transaction of the same database.
 */
class PostgresPartitionedProjectionContractTest extends PartitionedProjectionContract {
    private static PgTestDatabase database;
    private static int tests;
    private JdbcSegmentClaims claims;
    private String prefix;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("partitioned", 24);
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Override
    protected EventStore newStore() {
        prefix = "t" + (++tests) + "_";
        PostgresEventStore store = database.store(database.options(prefix).withClock(Clock.systemUTC())
                .withHorizonWait(Duration.ofMillis(50)));
        claims = JdbcSegmentClaims.of(store);
        return store;
    }

    @Override
    protected SegmentClaims newClaims(EventStore store) {
        return claims;
    }

    @Override
    protected SegmentRecording newRecording(EventStore store) {
        return new JdbcSegmentRecording((PostgresEventStore) store, database.schema + "." + prefix + "recorded_segments");
    }
}

package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.JdbcSegmentRecording;
import org.eventsourcing4j.testkit.PartitionedProjectionContract;
import org.eventsourcing4j.testkit.SegmentRecording;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partitioned projection contract on a real SQLite file, every instance in this process
 * through the same API as on PostgreSQL: the claims table beside the store
 * ({@link JdbcSegmentClaims#of}), a read model committed with each segment's fence and
 * checkpoint in the same database.
 */
class SqlitePartitionedProjectionContractTest extends PartitionedProjectionContract {
    @TempDir
    Path directory;
    private JdbcSegmentClaims claims;

    @Override
    protected EventStore newStore() {
        SqliteEventStore store = SqliteEventStore.open(directory.resolve("events.db"));
        claims = JdbcSegmentClaims.of(store);
        return store;
    }

    @Override
    protected SegmentClaims newClaims(EventStore store) {
        return claims;
    }

    @Override
    protected SegmentRecording newRecording(EventStore store) {
        return new JdbcSegmentRecording((SqliteEventStore) store, "recorded_segments");
    }
}

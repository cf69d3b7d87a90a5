package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcDeadLetterStore;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.eventsourcing4j.testkit.ProjectionContract;
import org.eventsourcing4j.testkit.RecordingProjection;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projection contract with the read model written through the store itself as the
 * {@code JdbcTransactions}: read-model transactions queue with appends on the store's
 * writer lock, and the store's append notifications wake the projection.
 */
class SqliteStoreTransactionsProjectionContractTest extends ProjectionContract {
    @TempDir
    Path directory;
    private JdbcCheckpointStore checkpoints;

    @Override
    protected EventStore newStore(Clock clock) {
        SqliteEventStore store = SqliteEventStore.open(directory.resolve("events.db"),
                SqliteOptions.defaults().withClock(clock));
        checkpoints = new JdbcCheckpointStore(store, "checkpoints");
        return store;
    }

    @Override
    protected RecordingProjection newProjection(EventStore store, String name) throws Exception {
        return new JdbcRecordingProjection(name, (SqliteEventStore) store, checkpoints, "recorded");
    }

    @Override
    protected DeadLetterStore newDeadLetterStore(EventStore store) {
        return new JdbcDeadLetterStore((SqliteEventStore) store, "dead_letters");
    }
}

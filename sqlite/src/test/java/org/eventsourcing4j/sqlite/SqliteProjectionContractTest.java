package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The projection contract on the SQLite store, with an exactly-once read model, its
 * checkpoints and dead letters in the same database file, written through the data source
 * {@link SqliteEventStore#dataSource} makes while the store appends.
 */
class SqliteProjectionContractTest extends ProjectionContract {
    @TempDir
    Path directory;
    private JdbcTransactions transactions;
    private JdbcCheckpointStore checkpoints;

    @Override
    protected EventStore newStore(Clock clock) {
        Path file = directory.resolve("events.db");
        SqliteOptions options = SqliteOptions.defaults().withClock(clock);
        SqliteEventStore store = SqliteEventStore.open(file, options);
        transactions = new Jdbc(SqliteEventStore.dataSource(file, options), store.dialect());
        checkpoints = new JdbcCheckpointStore(transactions, "checkpoints");
        return store;
    }

    @Override
    protected RecordingProjection newProjection(EventStore store, String name) throws Exception {
        return new JdbcRecordingProjection(name, transactions, checkpoints, "recorded");
    }

    @Override
    protected DeadLetterStore newDeadLetterStore(EventStore store) {
        return new JdbcDeadLetterStore(transactions, "dead_letters");
    }
}

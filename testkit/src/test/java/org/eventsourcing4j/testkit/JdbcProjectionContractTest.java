package org.eventsourcing4j.testkit;

import java.nio.file.Path;
import java.time.Clock;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcDeadLetterStore;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The projection contract with an exactly-once JDBC read model (a SQLite file) fed by the in-memory store. */
class JdbcProjectionContractTest extends ProjectionContract {
    @TempDir
    Path dir;
    private JdbcTransactions transactions;
    private JdbcCheckpointStore checkpoints;

    @Override
    protected EventStore newStore(Clock clock) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("readmodels.db"));
        transactions = new Jdbc(dataSource, SqlDialect.standard());
        checkpoints = new JdbcCheckpointStore(transactions, "checkpoints");
        return new InMemoryEventStore(clock);
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

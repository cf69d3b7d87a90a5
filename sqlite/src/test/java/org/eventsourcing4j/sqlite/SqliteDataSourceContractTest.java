package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.EventStoreContract;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract suite again on a store given a {@code DataSource}, which takes one
 * connection per operation instead of keeping its own.
 */
class SqliteDataSourceContractTest extends EventStoreContract {

    @TempDir
    Path directory;

    @Override
    protected EventStore newStore(Clock clock) {
        SqliteOptions options = SqliteOptions.defaults().withClock(clock);
        return SqliteEventStore.open(SqliteEventStore.dataSource(directory.resolve("events.db"), options), options);
    }
}

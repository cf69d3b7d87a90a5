package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.DcbContract;
import org.junit.jupiter.api.io.TempDir;

/** The DCB conformance suite on a store given a {@code DataSource} (one connection per operation). */
class SqliteDataSourceDcbContractTest extends DcbContract {

    @TempDir
    Path directory;

    @Override
    protected EventStore newStore(Clock clock) {
        SqliteOptions options = SqliteOptions.defaults().withClock(clock);
        return SqliteEventStore.open(SqliteEventStore.dataSource(directory.resolve("events.db"), options), options);
    }
}

package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.AppendNotifierContract;
import org.eventsourcing4j.testkit.EventStoreContract;
import org.junit.jupiter.api.io.TempDir;

/** The whole contract suite on a fresh database file per test, deleted afterwards. */
class SqliteEventStoreContractTest extends EventStoreContract implements AppendNotifierContract {

    @TempDir
    Path directory;

    @Override
    protected EventStore newStore(Clock clock) {
        return SqliteEventStore.open(directory.resolve("events.db"), SqliteOptions.defaults().withClock(clock));
    }
}

package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.DcbContract;
import org.junit.jupiter.api.io.TempDir;

/** The DCB conformance suite on a fresh database file per test. */
class SqliteDcbContractTest extends DcbContract {

    @TempDir
    Path directory;

    @Override
    protected EventStore newStore(Clock clock) {
        return SqliteEventStore.open(directory.resolve("events.db"), SqliteOptions.defaults().withClock(clock));
    }
}

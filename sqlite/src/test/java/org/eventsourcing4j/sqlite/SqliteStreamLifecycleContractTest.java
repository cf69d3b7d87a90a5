package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.StreamLifecycleContract;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle contract on a fresh database file per test; live rows are counted in the file's table. */
class SqliteStreamLifecycleContractTest extends StreamLifecycleContract {

    @TempDir
    Path directory;

    @Override
    protected EventStore newStore(Clock clock) {
        return SqliteEventStore.open(directory.resolve("events.db"), SqliteOptions.defaults().withClock(clock));
    }

    @Override
    protected long liveEventRows() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("events.db"));
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM es_events")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

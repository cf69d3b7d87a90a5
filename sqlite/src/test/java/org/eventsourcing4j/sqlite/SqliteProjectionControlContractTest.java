package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.ProjectionControl;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.eventsourcing4j.testkit.ProjectionControlContract;
import org.eventsourcing4j.testkit.RecordingProjection;
import org.junit.jupiter.api.io.TempDir;

/** Projection control in the SQLite store's own tables, with its file-lock leases and dead-letter table. */
class SqliteProjectionControlContractTest extends ProjectionControlContract {
    @TempDir
    Path directory;

    @Override
    protected EventStore newStore(Clock clock) {
        return SqliteEventStore.open(directory.resolve("events.db"), SqliteOptions.defaults().withClock(clock));
    }

    @Override
    protected ProjectionControl newControl(EventStore store) {
        return ((SqliteEventStore) store).projectionControl();
    }

    @Override
    protected RecordingProjection newProjection(EventStore store, String name) {
        SqliteEventStore sqlite = (SqliteEventStore) store;
        return new JdbcRecordingProjection(name, sqlite, sqlite.checkpoints(), "recorded");
    }

    @Override
    protected DeadLetterStore newDeadLetterStore(EventStore store) {
        return ((SqliteEventStore) store).deadLetters();
    }

    @Override
    protected ProjectionLease newLease(EventStore store, String name) {
        return ((SqliteEventStore) store).lease(name);
    }
}

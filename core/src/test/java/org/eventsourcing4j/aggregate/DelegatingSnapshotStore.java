package org.eventsourcing4j.aggregate;

import java.time.Instant;
import java.util.Optional;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.StreamId;

/** A real in-memory snapshot store that tests wrap to fail or watch some calls. */
class DelegatingSnapshotStore implements SnapshotStore {
    final InMemorySnapshotStore inner;

    DelegatingSnapshotStore(InMemorySnapshotStore inner) {
        this.inner = inner;
    }

    @Override
    public void save(Snapshot snapshot) {
        inner.save(snapshot);
    }

    @Override
    public Optional<Snapshot> loadLatest(StreamId stream) {
        return inner.loadLatest(stream);
    }

    @Override
    public Optional<Snapshot> loadLatestAtOrBefore(StreamId stream, long version) {
        return inner.loadLatestAtOrBefore(stream, version);
    }

    @Override
    public Optional<Snapshot> loadLatestRecordedBy(StreamId stream, Instant instant) {
        return inner.loadLatestRecordedBy(stream, instant);
    }

    @Override
    public boolean delete(StreamId stream, long version) {
        return inner.delete(stream, version);
    }

    @Override
    public long deleteStream(StreamId stream) {
        return inner.deleteStream(stream);
    }

    @Override
    public long deleteAllOfType(String snapshotType) {
        return inner.deleteAllOfType(snapshotType);
    }
}

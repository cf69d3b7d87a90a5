package org.eventsourcing4j.aggregate;

import java.time.Instant;
import java.util.Optional;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StreamId;

/** An in-memory snapshot store whose writes or reads throw while the test says so. */
final class FailingSnapshotStore extends DelegatingSnapshotStore {
    volatile boolean writesFail;
    volatile boolean readsFail;

    FailingSnapshotStore() {
        super(new InMemorySnapshotStore());
    }

    @Override
    public void save(Snapshot snapshot) {
        failWrite();
        super.save(snapshot);
    }

    @Override
    public Optional<Snapshot> loadLatest(StreamId stream) {
        failRead();
        return super.loadLatest(stream);
    }

    @Override
    public Optional<Snapshot> loadLatestAtOrBefore(StreamId stream, long version) {
        failRead();
        return super.loadLatestAtOrBefore(stream, version);
    }

    @Override
    public Optional<Snapshot> loadLatestRecordedBy(StreamId stream, Instant instant) {
        failRead();
        return super.loadLatestRecordedBy(stream, instant);
    }

    @Override
    public boolean delete(StreamId stream, long version) {
        failWrite();
        return super.delete(stream, version);
    }

    @Override
    public long deleteStream(StreamId stream) {
        failWrite();
        return super.deleteStream(stream);
    }

    @Override
    public long deleteAllOfType(String snapshotType) {
        failWrite();
        return super.deleteAllOfType(snapshotType);
    }

    private void failWrite() {
        if (writesFail) {
            throw new StorageException("snapshot disk full", null);
        }
    }

    private void failRead() {
        if (readsFail) {
            throw new StorageException("snapshot table unreadable", null);
        }
    }
}

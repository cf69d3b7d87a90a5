package org.eventsourcing4j.snapshot;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.support.Checks;

/** Snapshots in memory, for tests and for the in-memory event store. Thread-safe (one lock). */
public final class InMemorySnapshotStore implements SnapshotStore {

    private final int retained;
    private final Map<StreamId, TreeMap<Long, Snapshot>> streams = new HashMap<>();

    /** Keeps {@link #DEFAULT_RETAINED_PER_STREAM} snapshots per stream. */
    public InMemorySnapshotStore() {
        this(DEFAULT_RETAINED_PER_STREAM);
    }

    /** @param retainedPerStream how many of each stream's newest snapshots to keep, at least 1 */
    public InMemorySnapshotStore(int retainedPerStream) {
        if (retainedPerStream < 1) {
            throw new InvalidArgumentException("retained per stream", "must be at least 1, got " + retainedPerStream);
        }
        this.retained = retainedPerStream;
    }

    @Override
    public synchronized void save(Snapshot snapshot) {
        Checks.notNull(snapshot, "snapshot");
        TreeMap<Long, Snapshot> versions = streams.computeIfAbsent(snapshot.stream(), s -> new TreeMap<>());
        versions.put(snapshot.version(), snapshot);
        while (versions.size() > retained) {
            versions.pollFirstEntry();
        }
    }

    @Override
    public synchronized Optional<Snapshot> loadLatest(StreamId stream) {
        return loadLatestAtOrBefore(stream, Long.MAX_VALUE);
    }

    @Override
    public synchronized Optional<Snapshot> loadLatestAtOrBefore(StreamId stream, long version) {
        Checks.notNull(stream, "stream id");
        TreeMap<Long, Snapshot> versions = streams.get(stream);
        Map.Entry<Long, Snapshot> entry = versions == null ? null : versions.floorEntry(version);
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    @Override
    public synchronized Optional<Snapshot> loadLatestRecordedBy(StreamId stream, Instant instant) {
        Checks.notNull(stream, "stream id");
        Checks.notNull(instant, "instant");
        Instant limit = instant.truncatedTo(ChronoUnit.MICROS); // recordedUntil has microsecond precision
        TreeMap<Long, Snapshot> versions = streams.get(stream);
        if (versions == null) {
            return Optional.empty();
        }
        for (Snapshot snapshot : versions.descendingMap().values()) {
            if (!snapshot.recordedUntil().isAfter(limit)) {
                return Optional.of(snapshot);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean delete(StreamId stream, long version) {
        Checks.notNull(stream, "stream id");
        TreeMap<Long, Snapshot> versions = streams.get(stream);
        return versions != null && versions.remove(version) != null;
    }

    @Override
    public synchronized long deleteStream(StreamId stream) {
        Checks.notNull(stream, "stream id");
        TreeMap<Long, Snapshot> removed = streams.remove(stream);
        return removed == null ? 0 : removed.size();
    }

    @Override
    public synchronized long deleteAllOfType(String snapshotType) {
        Checks.notNull(snapshotType, "snapshot type");
        long deleted = 0;
        for (TreeMap<Long, Snapshot> versions : streams.values()) {
            for (Iterator<Snapshot> it = versions.values().iterator(); it.hasNext(); ) {
                if (it.next().type().equals(snapshotType)) {
                    it.remove();
                    deleted++;
                }
            }
        }
        return deleted;
    }
}

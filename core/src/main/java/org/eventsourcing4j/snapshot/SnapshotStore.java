package org.eventsourcing4j.snapshot;

import java.time.Instant;
import java.util.Optional;
import org.eventsourcing4j.store.StreamId;

/**
 * Where snapshots live: per stream, keyed by version, the newest few kept. A snapshot is
 * a cache of what the events already say, so losing one costs time, never data: the
 * repository treats every snapshot as a hint it checks, and falls back to the events.
 *
 * <p>{@link InMemorySnapshotStore} keeps them in memory; {@code JdbcSnapshotStore} (package
 * {@code org.eventsourcing4j.jdbc}) in a table of SQLite or PostgreSQL.
 */
public interface SnapshotStore {

    /** How many snapshots per stream the stores keep unless told otherwise. */
    int DEFAULT_RETAINED_PER_STREAM = 3;

    /**
     * Stores {@code snapshot}, replacing one of the same stream at the same version, then
     * drops the stream's oldest snapshots beyond the store's retention (concurrent saves of
     * one stream may briefly leave one more).
     */
    void save(Snapshot snapshot);

    /** The stream's snapshot with the highest version, whatever its type. */
    Optional<Snapshot> loadLatest(StreamId stream);

    /** The stream's snapshot with the highest version at or before {@code version} (time travel by version). */
    Optional<Snapshot> loadLatestAtOrBefore(StreamId stream, long version);

    /**
     * The stream's snapshot with the highest version whose events were all recorded at or
     * before {@code instant} ({@link Snapshot#recordedUntil()} at or before it): time travel
     * by instant.
     */
    Optional<Snapshot> loadLatestRecordedBy(StreamId stream, Instant instant);

    /** Deletes the stream's snapshot at {@code version}; whether there was one. */
    boolean delete(StreamId stream, long version);

    /** Deletes every snapshot of the stream; how many there were. */
    long deleteStream(StreamId stream);

    /**
     * Deletes every snapshot of type {@code snapshotType}, in all streams, in one call — for
     * example after the shape of a state changed in a way its revision does not express.
     * Loads then rebuild from events and the snapshot policy writes new snapshots.
     *
     * @return how many were deleted
     */
    long deleteAllOfType(String snapshotType);
}

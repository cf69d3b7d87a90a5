package org.eventsourcing4j.aggregate;

import org.eventsourcing4j.snapshot.SnapshotType;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * An {@link AggregateRepository}'s cache of aggregates' latest states, for commands: a command
 * on a cached aggregate reads no events. The cache keeps each aggregate's state as
 * {@code state} captures it (an immutable record) with its version, and restores a fresh
 * aggregate from it for each command, so no two commands ever share an aggregate object.
 *
 * <p>A cached state may be stale: another instance, or another repository, may have appended
 * to the stream since. Commands stay correct because a command's events are appended at the
 * exact version its state had, so a stale state's append is refused as a conflict and the
 * command runs again on the stored state. A command that raises no event, or fails with a
 * domain error, on a cached state is checked against the stream's current version (one small
 * query) and runs again on the stored state when the cache was behind. Loads ({@code load},
 * {@code find}, time travel) never use the cache.
 *
 * <p>The cache holds the states in memory, personal data included: {@link AggregateRepository#evict}
 * an aggregate whose personal data is erased, as the data keys' cache of other processes, the
 * cache of another instance keeps it until it is replaced or dropped (docs/aggregates.md).
 *
 * @param state         how a state is captured and an aggregate restored from it (the snapshot type
 *                      serves: its capture and restore are exactly that)
 * @param maxAggregates how many aggregates to keep, at least 1; the least recently used is dropped first
 */
public record CacheOptions<A>(SnapshotType<A, ?> state, int maxAggregates) {

    public CacheOptions {
        if (state == null) {
            throw new InvalidArgumentException("cache state", "must not be null");
        }
        if (maxAggregates < 1) {
            throw new InvalidArgumentException("cache size", "must be at least 1, got " + maxAggregates);
        }
    }

    public static <A> CacheOptions<A> of(SnapshotType<A, ?> state, int maxAggregates) {
        return new CacheOptions<>(state, maxAggregates);
    }
}

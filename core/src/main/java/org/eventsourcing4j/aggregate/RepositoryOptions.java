package org.eventsourcing4j.aggregate;

import java.time.Duration;
import java.util.Optional;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.RetryPolicy;

/**
 * How an {@link AggregateRepository} works; immutable, change a copy with the {@code with…}
 * methods.
 *
 * @param retry           how often a command runs again after a concurrency conflict
 * @param snapshots       loading from snapshots and taking them; empty: every load reads every event
 * @param replicationWait for a store that reads from a replica: how long a command whose load
 *                        may have been stale (the aggregate was not found, was behind the
 *                        version another writer left, or was not at the version the caller
 *                        named) waits for the replica to catch up before it loads again
 *                        (default 5 s; see {@link org.eventsourcing4j.store.StreamReader#awaitReplication}).
 *                        Stores that read where they write never wait
 * @param cache           the cache of aggregates' latest states for commands ({@link CacheOptions});
 *                        empty (the default): every command reads its aggregate's events
 */
public record RepositoryOptions<A>(RetryPolicy retry, Optional<SnapshotOptions<A>> snapshots,
                                   Duration replicationWait, Optional<CacheOptions<A>> cache) {

    private static final Duration DEFAULT_REPLICATION_WAIT = Duration.ofSeconds(5);

    public RepositoryOptions {
        if (retry == null) {
            throw new InvalidArgumentException("retry policy", "must not be null");
        }
        if (snapshots == null) {
            throw new InvalidArgumentException("snapshots", "must not be null (use Optional.empty())");
        }
        if (replicationWait == null || replicationWait.isNegative()) {
            throw new InvalidArgumentException("replication wait", "must be zero or positive, got " + replicationWait);
        }
        if (cache == null) {
            throw new InvalidArgumentException("cache", "must not be null (use Optional.empty())");
        }
    }

    /** The options of releases before the cache: none. */
    public RepositoryOptions(RetryPolicy retry, Optional<SnapshotOptions<A>> snapshots, Duration replicationWait) {
        this(retry, snapshots, replicationWait, Optional.empty());
    }

    /** The options of releases before the replication wait: it is 5 s. */
    public RepositoryOptions(RetryPolicy retry, Optional<SnapshotOptions<A>> snapshots) {
        this(retry, snapshots, DEFAULT_REPLICATION_WAIT, Optional.empty());
    }

    /** {@link RetryPolicy#DEFAULT}, no snapshots, a replication wait of 5 s, no cache. */
    public static <A> RepositoryOptions<A> defaults() {
        return new RepositoryOptions<>(RetryPolicy.DEFAULT, Optional.empty(), DEFAULT_REPLICATION_WAIT, Optional.empty());
    }

    public RepositoryOptions<A> withRetry(RetryPolicy newRetry) {
        return new RepositoryOptions<>(newRetry, snapshots, replicationWait, cache);
    }

    public RepositoryOptions<A> withSnapshots(SnapshotOptions<A> options) {
        if (options == null) {
            throw new InvalidArgumentException("snapshot options", "must not be null");
        }
        return new RepositoryOptions<>(retry, Optional.of(options), replicationWait, cache);
    }

    public RepositoryOptions<A> withReplicationWait(Duration wait) {
        return new RepositoryOptions<>(retry, snapshots, wait, cache);
    }

    public RepositoryOptions<A> withCache(CacheOptions<A> options) {
        if (options == null) {
            throw new InvalidArgumentException("cache options", "must not be null");
        }
        return new RepositoryOptions<>(retry, snapshots, replicationWait, Optional.of(options));
    }
}

package org.eventsourcing4j.aggregate;

import java.util.Optional;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.RetryPolicy;

/**
 * How an {@link AggregateRepository} works; immutable, change a copy with the {@code with…}
 * methods.
 *
 * @param retry     how often a command runs again after a concurrency conflict
 * @param snapshots loading from snapshots and taking them; empty: every load reads every event
 */
public record RepositoryOptions<A>(RetryPolicy retry, Optional<SnapshotOptions<A>> snapshots) {

    public RepositoryOptions {
        if (retry == null) {
            throw new InvalidArgumentException("retry policy", "must not be null");
        }
        if (snapshots == null) {
            throw new InvalidArgumentException("snapshots", "must not be null (use Optional.empty())");
        }
    }

    /** {@link RetryPolicy#DEFAULT}, no snapshots. */
    public static <A> RepositoryOptions<A> defaults() {
        return new RepositoryOptions<>(RetryPolicy.DEFAULT, Optional.empty());
    }

    public RepositoryOptions<A> withRetry(RetryPolicy newRetry) {
        return new RepositoryOptions<>(newRetry, snapshots);
    }

    public RepositoryOptions<A> withSnapshots(SnapshotOptions<A> options) {
        if (options == null) {
            throw new InvalidArgumentException("snapshot options", "must not be null");
        }
        return new RepositoryOptions<>(retry, Optional.of(options));
    }
}

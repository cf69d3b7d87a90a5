package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventsourcing4j.repository.*}: what every repository made by {@link Repositories} gets.
 *
 * @param maxAttempts            how often a command runs at most when it keeps conflicting with
 *                               other writers of the same aggregate (default 10; 1 = no retry)
 * @param initialBackoff         pause before the first retry, at most (default 1ms)
 * @param maxBackoff             longest pause between retries (default 100ms)
 * @param snapshotAfterReplaying take a snapshot after a load that replayed more than this many
 *                               events (default 100); 0 takes none (unless {@code snapshot-every} says so)
 * @param snapshotEvery          also take one whenever a save reaches a multiple of this many
 *                               events (default 0: off)
 * @param cacheSize              how many aggregates' latest states a repository with a snapshot type
 *                               keeps for its commands, which then read no events (default 0: none;
 *                               see {@link org.eventsourcing4j.aggregate.CacheOptions})
 */
public record RepositoryProperties(
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("1ms") Duration initialBackoff,
        @DefaultValue("100ms") Duration maxBackoff,
        @DefaultValue("100") long snapshotAfterReplaying,
        @DefaultValue("0") long snapshotEvery,
        @DefaultValue("0") int cacheSize) {

    public RepositoryProperties {
        PropertyChecks.between(maxAttempts, 1, 1000, "eventsourcing4j.repository.max-attempts");
        PropertyChecks.ordered(initialBackoff, maxBackoff, "eventsourcing4j.repository.initial-backoff",
                "eventsourcing4j.repository.max-backoff");
        if (snapshotAfterReplaying < 0) {
            throw new IllegalArgumentException("eventsourcing4j.repository.snapshot-after-replaying must not be"
                    + " negative, got " + snapshotAfterReplaying);
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("eventsourcing4j.repository.snapshot-every must not be negative, got "
                    + snapshotEvery);
        }
        PropertyChecks.between(cacheSize, 0, 10_000_000, "eventsourcing4j.repository.cache-size");
    }

    static RepositoryProperties defaults() {
        return new RepositoryProperties(10, Duration.ofMillis(1), Duration.ofMillis(100), 100, 0, 0);
    }
}

package org.eventsourcing4j.projection;

import java.time.Duration;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;

/**
 * How a projection runs.
 *
 * @param filter        which events it reads; its checkpoint still moves past the others
 * @param batchSize     events per page of the global log
 * @param pollInterval  longest wait between reads when no append notification arrives
 * @param policy        what to do with an event that still fails after {@code maxAttempts}
 * @param maxAttempts   tries per failing event, at least 1
 * @param firstBackoff  wait after the first failure; doubles per attempt up to {@code maxBackoff}
 */
public record ProjectionOptions(
        EventFilter filter,
        int batchSize,
        Duration pollInterval,
        FailurePolicy policy,
        int maxAttempts,
        Duration firstBackoff,
        Duration maxBackoff) {

    public static final ProjectionOptions DEFAULTS = new ProjectionOptions(
            EventFilter.all(), 500, Duration.ofMillis(500), FailurePolicy.STOP, 5,
            Duration.ofMillis(50), Duration.ofSeconds(5));

    public ProjectionOptions {
        if (filter == null || pollInterval == null || policy == null || firstBackoff == null || maxBackoff == null) {
            throw new InvalidArgumentException("projection options", "must not contain nulls");
        }
        if (batchSize < 1 || batchSize > Limits.MAX_PAGE_SIZE) {
            throw new InvalidArgumentException("batch size", "must be between 1 and " + Limits.MAX_PAGE_SIZE);
        }
        if (maxAttempts < 1) {
            throw new InvalidArgumentException("max attempts", "must be at least 1, got " + maxAttempts);
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || firstBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new InvalidArgumentException("projection options", "durations must be positive");
        }
    }

    public ProjectionOptions withFilter(EventFilter newFilter) {
        return new ProjectionOptions(newFilter, batchSize, pollInterval, policy, maxAttempts, firstBackoff, maxBackoff);
    }

    public ProjectionOptions withBatchSize(int size) {
        return new ProjectionOptions(filter, size, pollInterval, policy, maxAttempts, firstBackoff, maxBackoff);
    }

    public ProjectionOptions withPollInterval(Duration interval) {
        return new ProjectionOptions(filter, batchSize, interval, policy, maxAttempts, firstBackoff, maxBackoff);
    }

    public ProjectionOptions withFailurePolicy(FailurePolicy newPolicy, int attempts) {
        return new ProjectionOptions(filter, batchSize, pollInterval, newPolicy, attempts, firstBackoff, maxBackoff);
    }

    public ProjectionOptions withBackoff(Duration first, Duration max) {
        return new ProjectionOptions(filter, batchSize, pollInterval, policy, maxAttempts, first, max);
    }

    Duration backoff(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(Math.max(millis, 0), maxBackoff.toMillis()));
    }
}

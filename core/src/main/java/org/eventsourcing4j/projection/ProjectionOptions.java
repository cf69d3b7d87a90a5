package org.eventsourcing4j.projection;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.RetryPolicy;

/**
 * How a projection runs; immutable, change a copy with the {@code with…} methods.
 *
 * @param filter       which events it reads; its checkpoint still moves past the others
 * @param batchSize    events per page of the global log
 * @param pollInterval longest wait between reads when no append notification arrives
 * @param policy       what to do with an event that still fails after {@code retry}'s attempts
 * @param retry        tries per failing event and the pauses between them; the same pauses,
 *                     without the limit, while the store or the read model is unavailable
 * @param deadLetters  where {@link FailurePolicy#PARK} puts events; required for it. Put it
 *                     next to the checkpoint (a durable checkpoint with parked events in
 *                     memory would lose them on restart)
 * @param lease        who may run the projection when several instances start it
 * @param clock        for lag, parking and report times
 * @param control      where it reports its status and reads operators' orders (pause, rebuild,
 *                     …); none by default
 * @param reportInterval how often it reports while nothing changes (it also reports every change
 *                     of state); orders are read every poll interval
 */
public record ProjectionOptions(
        EventFilter filter,
        int batchSize,
        Duration pollInterval,
        FailurePolicy policy,
        RetryPolicy retry,
        Optional<DeadLetterStore> deadLetters,
        ProjectionLease lease,
        Clock clock,
        Optional<ProjectionControl> control,
        Duration reportInterval) {

    /**
     * Every event, pages of 500, polled every 500 ms, STOP after 5 attempts with pauses from
     * up to 50 ms to up to 5 s, no dead-letter store, always holding the lease, the UTC clock,
     * no control (reports every 5 s once given one).
     */
    public static final ProjectionOptions DEFAULTS = new ProjectionOptions(
            EventFilter.all(), 500, Duration.ofMillis(500), FailurePolicy.STOP,
            new RetryPolicy(5, Duration.ofMillis(50), Duration.ofSeconds(5)), Optional.empty(),
            ProjectionLease.alwaysHeld(), Clock.systemUTC(), Optional.empty(), Duration.ofSeconds(5));

    public ProjectionOptions {
        if (filter == null || pollInterval == null || policy == null || retry == null || deadLetters == null
                || lease == null || clock == null || control == null || reportInterval == null) {
            throw new InvalidArgumentException("projection options", "must not contain nulls");
        }
        if (batchSize < 1 || batchSize > Limits.MAX_PAGE_SIZE) {
            throw new InvalidArgumentException("batch size", "must be between 1 and " + Limits.MAX_PAGE_SIZE
                    + ", got " + batchSize);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new InvalidArgumentException("poll interval", "must be positive, got " + pollInterval);
        }
        if (reportInterval.isNegative() || reportInterval.isZero()) {
            throw new InvalidArgumentException("report interval", "must be positive, got " + reportInterval);
        }
    }

    public ProjectionOptions withFilter(EventFilter newFilter) {
        return new ProjectionOptions(newFilter, batchSize, pollInterval, policy, retry, deadLetters, lease, clock, control,
                reportInterval);
    }

    public ProjectionOptions withBatchSize(int size) {
        return new ProjectionOptions(filter, size, pollInterval, policy, retry, deadLetters, lease, clock, control,
                reportInterval);
    }

    public ProjectionOptions withPollInterval(Duration interval) {
        return new ProjectionOptions(filter, batchSize, interval, policy, retry, deadLetters, lease, clock, control,
                reportInterval);
    }

    /** What to do with an event after {@code attempts} failed tries (at least 1). */
    public ProjectionOptions withFailurePolicy(FailurePolicy newPolicy, int attempts) {
        return new ProjectionOptions(filter, batchSize, pollInterval, newPolicy, retry.withMaxAttempts(attempts),
                deadLetters, lease, clock, control,
                reportInterval);
    }

    /** Pauses after failures: random, up to {@code first}, doubling up to {@code max}. */
    public ProjectionOptions withBackoff(Duration first, Duration max) {
        return new ProjectionOptions(filter, batchSize, pollInterval, policy, retry.withBackoff(first, max),
                deadLetters, lease, clock, control,
                reportInterval);
    }

    public ProjectionOptions withRetry(RetryPolicy newRetry) {
        return new ProjectionOptions(filter, batchSize, pollInterval, policy, newRetry, deadLetters, lease, clock, control,
                reportInterval);
    }

    public ProjectionOptions withDeadLetters(DeadLetterStore store) {
        return new ProjectionOptions(filter, batchSize, pollInterval, policy, retry,
                Optional.of(store == null ? nullStore() : store), lease, clock, control, reportInterval);
    }

    public ProjectionOptions withLease(ProjectionLease newLease) {
        return new ProjectionOptions(filter, batchSize, pollInterval, policy, retry, deadLetters, newLease, clock,
                control, reportInterval);
    }

    public ProjectionOptions withClock(Clock newClock) {
        return new ProjectionOptions(filter, batchSize, pollInterval, policy, retry, deadLetters, lease, newClock,
                control, reportInterval);
    }

    /** Reports to {@code newControl} and follows its orders (see {@link ProjectionControl}). */
    public ProjectionOptions withControl(ProjectionControl newControl) {
        return new ProjectionOptions(filter, batchSize, pollInterval, policy, retry, deadLetters, lease, clock,
                Optional.of(org.eventsourcing4j.support.Checks.notNull(newControl, "control")), reportInterval);
    }

    public ProjectionOptions withReportInterval(Duration interval) {
        return new ProjectionOptions(filter, batchSize, pollInterval, policy, retry, deadLetters, lease, clock,
                control, interval);
    }

    /** Tries per failing event. */
    public int maxAttempts() {
        return retry.maxAttempts();
    }

    private static DeadLetterStore nullStore() {
        throw new InvalidArgumentException("dead-letter store", "must not be null");
    }
}

package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import org.eventsourcing4j.projection.FailurePolicy;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventsourcing4j.projections.*}: how the projection runners run (the
 * {@code ProjectionOptions} bean every runner starts from).
 *
 * @param batchSize      events per page of the global log (default 500)
 * @param pollInterval   longest pause between reads when no append wakes the runner (default 500ms)
 * @param failurePolicy  what to do with an event whose handler keeps failing: {@code stop} (default),
 *                       {@code park} (into the store's dead-letter table) or {@code skip}
 * @param maxAttempts    tries per failing event before the policy applies (default 5)
 * @param initialBackoff pause before the first retry, at most (default 50ms)
 * @param maxBackoff     longest pause between retries (default 5s)
 * @param startupWait    how long the application's start waits for the projections to
 *                       catch up with the log as it was when they started, before the web
 *                       server opens (default 0s: do not wait; readiness still reports them)
 * @param readiness      whether the readiness probe reports {@code OUT_OF_SERVICE} until every
 *                       projection has caught up with the log as it was when it started, and
 *                       while one has failed (default true)
 */
public record ProjectionProperties(
        @DefaultValue("500") int batchSize,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("stop") FailurePolicy failurePolicy,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("50ms") Duration initialBackoff,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("0s") Duration startupWait,
        @DefaultValue("true") boolean readiness) {

    public ProjectionProperties {
        PropertyChecks.between(batchSize, 1, 10_000, "eventsourcing4j.projections.batch-size");
        PropertyChecks.positive(pollInterval, "eventsourcing4j.projections.poll-interval");
        PropertyChecks.notNull(failurePolicy, "eventsourcing4j.projections.failure-policy");
        PropertyChecks.between(maxAttempts, 1, 1000, "eventsourcing4j.projections.max-attempts");
        PropertyChecks.ordered(initialBackoff, maxBackoff, "eventsourcing4j.projections.initial-backoff",
                "eventsourcing4j.projections.max-backoff");
        PropertyChecks.notNegative(startupWait, "eventsourcing4j.projections.startup-wait");
    }

    static ProjectionProperties defaults() {
        return new ProjectionProperties(500, Duration.ofMillis(500), FailurePolicy.STOP, 5, Duration.ofMillis(50),
                Duration.ofSeconds(5), Duration.ZERO, true);
    }
}

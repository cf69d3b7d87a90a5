package org.eventsourcing4j.publishing;

import java.time.Clock;
import java.time.Duration;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.InMemoryDeadLetterStore;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.internal.Checks;
import org.eventsourcing4j.store.internal.Text;
import org.eventsourcing4j.subscription.CheckpointStore;

/**
 * How an {@link EventPublisher} follows the log; immutable, validated, with withers.
 *
 * @param name        the publisher's checkpoint key (and lease name): one active publisher per name
 * @param checkpoints where the checkpoint lives; durable (e.g. a {@code JdbcCheckpointStore}
 *                    in the event store's database), else every start publishes the log again
 * @param projection  filter (types, stream prefix), page size, poll interval, failure policy
 *                    for messages the broker refuses (default {@link FailurePolicy#STOP})
 * @param lease       who publishes when several instances start the publisher
 * @param deadLetters where {@link FailurePolicy#PARK} puts refused events
 * @param ackTimeout  how long a page waits for the broker's acknowledgements before the
 *                    attempt counts as failed (the broker is then taken as unavailable)
 * @param clock       for health times and parking times
 */
public record PublisherOptions(
        String name,
        CheckpointStore checkpoints,
        ProjectionOptions projection,
        ProjectionLease lease,
        DeadLetterStore deadLetters,
        Duration ackTimeout,
        Clock clock) {

    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

    public PublisherOptions {
        Text.identifier(name, "publisher name", 200);
        Checks.notNull(checkpoints, "checkpoint store");
        Checks.notNull(projection, "projection options");
        Checks.notNull(lease, "lease");
        Checks.notNull(deadLetters, "dead-letter store");
        Checks.notNull(clock, "clock");
        if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new InvalidArgumentException("ack timeout", "must be positive, got " + ackTimeout);
        }
    }

    /** Defaults: the whole log, pages of 500, stop on a refused message, a lease always held, 30 s ack timeout. */
    public static PublisherOptions of(String name, CheckpointStore checkpoints) {
        return new PublisherOptions(name, checkpoints, ProjectionOptions.DEFAULTS, ProjectionLease.alwaysHeld(),
                new InMemoryDeadLetterStore(), DEFAULT_ACK_TIMEOUT, Clock.systemUTC());
    }

    public PublisherOptions withFilter(EventFilter filter) {
        return withProjection(projection.withFilter(filter));
    }

    /** Events per page: a page is sent at once and its acknowledgements awaited together; also the re-send window after a crash. */
    public PublisherOptions withBatchSize(int events) {
        return withProjection(projection.withBatchSize(events));
    }

    public PublisherOptions withProjection(ProjectionOptions options) {
        return new PublisherOptions(name, checkpoints, options, lease, deadLetters, ackTimeout, clock);
    }

    public PublisherOptions withLease(ProjectionLease newLease) {
        return new PublisherOptions(name, checkpoints, projection, newLease, deadLetters, ackTimeout, clock);
    }

    public PublisherOptions withDeadLetters(DeadLetterStore store) {
        return new PublisherOptions(name, checkpoints, projection, lease, store, ackTimeout, clock);
    }

    public PublisherOptions withAckTimeout(Duration timeout) {
        return new PublisherOptions(name, checkpoints, projection, lease, deadLetters, timeout, clock);
    }

    public PublisherOptions withClock(Clock newClock) {
        return new PublisherOptions(name, checkpoints, projection, lease, deadLetters, ackTimeout, newClock);
    }
}

package org.eventsourcing4j.publishing;

import java.time.Clock;
import java.time.Duration;
import org.eventsourcing4j.projection.CheckpointStore;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;

/**
 * How an {@link EventPublisher} follows the log; immutable, validated, with withers.
 *
 * @param name        the publisher's checkpoint key (and lease name): one active publisher per name
 * @param checkpoints where the checkpoint lives; durable (e.g. a {@code JdbcCheckpointStore}
 *                    in the event store's database), else every start publishes the log again
 * @param projection  how the publisher's projection runs: filter (types, stream prefix), page
 *                    size, poll interval, failure policy for messages the broker refuses
 *                    (default {@link FailurePolicy#STOP}; {@link FailurePolicy#PARK} needs a
 *                    dead-letter store), lease, clock (for health and parking times)
 * @param ackTimeout  how long a page waits for the broker's acknowledgements before the
 *                    attempt counts as failed (the broker is then taken as unavailable)
 */
public record PublisherOptions(
        String name,
        CheckpointStore checkpoints,
        ProjectionOptions projection,
        Duration ackTimeout) {

    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

    public PublisherOptions {
        Text.identifier(name, "publisher name", 200);
        Checks.notNull(checkpoints, "checkpoint store");
        Checks.notNull(projection, "projection options");
        if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new InvalidArgumentException("ack timeout", "must be positive, got " + ackTimeout);
        }
    }

    /** Defaults: {@link ProjectionOptions#DEFAULTS} (the whole log, pages of 500, stop on a refused message, a lease always held), 30 s ack timeout. */
    public static PublisherOptions of(String name, CheckpointStore checkpoints) {
        return new PublisherOptions(name, checkpoints, ProjectionOptions.DEFAULTS, DEFAULT_ACK_TIMEOUT);
    }

    public PublisherOptions withFilter(EventFilter filter) {
        return withProjection(projection.withFilter(filter));
    }

    /** Events per page: a page is sent at once and its acknowledgements awaited together; also the re-send window after a crash. */
    public PublisherOptions withBatchSize(int events) {
        return withProjection(projection.withBatchSize(events));
    }

    public PublisherOptions withProjection(ProjectionOptions options) {
        return new PublisherOptions(name, checkpoints, options, ackTimeout);
    }

    /** Who publishes when several instances start the publisher. */
    public PublisherOptions withLease(ProjectionLease lease) {
        return withProjection(projection.withLease(lease));
    }

    /** Where {@link FailurePolicy#PARK} puts refused events. */
    public PublisherOptions withDeadLetters(DeadLetterStore store) {
        return withProjection(projection.withDeadLetters(store));
    }

    public PublisherOptions withAckTimeout(Duration timeout) {
        return new PublisherOptions(name, checkpoints, projection, timeout);
    }

    public PublisherOptions withClock(Clock clock) {
        return withProjection(projection.withClock(clock));
    }
}

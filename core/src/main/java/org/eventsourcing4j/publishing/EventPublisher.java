package org.eventsourcing4j.publishing;

import java.time.Duration;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.support.Checks;

/**
 * Publishes the global log to a broker: a projection ({@link ProjectionRunner}) whose
 * target sends each page and moves the checkpoint only past events the broker
 * acknowledged. So it has the runner's checkpoint, lease (one active publisher per name),
 * filters, failure policy, status and {@link #awaitPublished}; a broker that is down is an
 * infrastructure failure, retried without limit and shown in {@link #health()}.
 *
 * <p>Delivery is at-least-once: after a crash the events of the page in flight (at most
 * one page, {@link PublisherOptions#withBatchSize}) may be sent again, with the same event
 * id. Each stream's events are sent in version order, and failures never reorder them
 * (see {@link MessageSender}). The broker modules make one with one call, e.g.
 * {@code KafkaPublisher.create(store, options)}.
 */
public final class EventPublisher implements AutoCloseable {
    private final MessageSender sender;
    private final HealthTracker health;
    private final ProjectionRunner runner;

    private EventPublisher(GlobalLogReader log, MessageSender sender, PublisherOptions options) {
        this.sender = sender;
        this.health = new HealthTracker(options.projection().clock());
        PublishingTarget target = new PublishingTarget(options.name(), sender, options.checkpoints(),
                options.ackTimeout(), health);
        this.runner = ProjectionRunner.create(options.name(), log, target, options.projection());
    }

    /** A publisher of {@code log} through {@code sender}, not started; closing it closes the sender. */
    public static EventPublisher create(GlobalLogReader log, MessageSender sender, PublisherOptions options) {
        Checks.notNull(log, "log");
        Checks.notNull(sender, "sender");
        Checks.notNull(options, "options");
        return new EventPublisher(log, sender, options);
    }

    public String name() {
        return runner.name();
    }

    /** Starts publishing on the publisher's own thread. */
    public void start() {
        runner.start();
    }

    /** Stops after the page in hand (its acknowledgements awaited up to the ack timeout), giving the lease up. */
    public void stop() {
        runner.stop();
    }

    @Override
    public void close() {
        runner.close();
        sender.close();
    }

    /**
     * Waits until the broker acknowledged every event up to {@code position} (e.g. an
     * {@code AppendResult#lastPosition()}).
     *
     * @return false when the timeout passed first, or the publisher stopped or failed
     */
    public boolean awaitPublished(LogPosition position, Duration timeout) throws InterruptedException {
        return runner.awaitProcessed(position, timeout);
    }

    /** The runner's status: checkpoint, lag, counters, last error. */
    public ProjectionStatus status() {
        return runner.status();
    }

    /**
     * Whether events get to the broker: healthy, stalled (and since when), standby, failed,
     * stopped. Reads the runner's status anew: one query on a database store.
     */
    public PublisherHealth health() {
        return health(runner.status());
    }

    /**
     * {@link #health()} with the runner's status read anew only when the last one is older
     * than {@code maxAge} ({@link ProjectionRunner#status(Duration)}): for meters and health
     * checks that ask often. The failure streak and acknowledgements are always current.
     */
    public PublisherHealth health(Duration maxAge) {
        return health(runner.status(maxAge));
    }

    private PublisherHealth health(ProjectionStatus status) {
        PublisherHealth.State state = switch (status.state()) {
            case FAILED -> PublisherHealth.State.FAILED;
            case NEW, STOPPED, PAUSED -> PublisherHealth.State.STOPPED;
            case WAITING_FOR_LEASE -> PublisherHealth.State.STANDBY;
            case STARTING, CATCHING_UP, RUNNING -> PublisherHealth.State.HEALTHY;
        };
        return health.snapshot(state, sender.describe());
    }

    /** The projection runner underneath: for {@code ProjectionMetrics}, parked events and their replay. */
    public ProjectionRunner runner() {
        return runner;
    }
}

package org.eventsourcing4j.publishing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.projection.CheckpointStore;

/**
 * The broker as a projection target: a commit sends the page, waits for every
 * acknowledgement, and only then moves the checkpoint.
 *
 * <p>Why this keeps every event and each stream's order: the page is sent in log order and
 * the acknowledgements are awaited in that order, so the checkpoint never passes an event
 * the broker did not acknowledge, even when a later one (of another partition) was. After a
 * failure the sender sends nothing more until {@link MessageSender#reset()}, so nothing is
 * stored after an event that was lost; the page is then sent again from its first
 * unacknowledged event. A retryable failure keeps the acknowledged prefix in memory (the
 * runner retries the same page from the same checkpoint) and does not send it again; a
 * crash forgets it, so at most one page is sent twice.
 *
 * <p>The runner's thread commits; a replay of parked events ({@code replayParked}) applies
 * them again on the caller's thread. The sending methods are synchronized, so the sender is
 * used by one thread at a time and a replayed event never interleaves with a page.
 */
final class PublishingTarget implements ProjectionTarget {
    private final String name;
    private final MessageSender sender;
    private final CheckpointStore checkpoints;
    private final Duration ackTimeout;
    private final HealthTracker health;
    /** After a retryable failure: the checkpoint of the failed page, and the last event of it the broker acknowledged. */
    private LogPosition failedPageFrom;
    private LogPosition acknowledgedUpTo;
    /** Why the last {@link #publish} stopped short. */
    private Throwable lastFailure;

    PublishingTarget(String name, MessageSender sender, CheckpointStore checkpoints, Duration ackTimeout,
                     HealthTracker health) {
        this.name = name;
        this.sender = sender;
        this.checkpoints = checkpoints;
        this.ackTimeout = ackTimeout;
        this.health = health;
    }

    @Override
    public LogPosition checkpoint() {
        return checkpoints.load(name);
    }

    @Override
    public synchronized boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
        // Check ownership first so a fenced-off instance publishes nothing.
        if (!checkpoints.load(name).equals(from)) {
            return false;
        }
        List<RecordedEvent> unsent = notYetAcknowledged(events, from);
        int acknowledged = publish(unsent);
        if (acknowledged == unsent.size()) {
            failedPageFrom = null;
            acknowledgedUpTo = null;
            return checkpoints.compareAndSet(name, from, to);
        }
        throw failure(unsent, acknowledged, from);
    }

    @Override
    public synchronized void applyAgain(RecordedEvent event) {
        List<RecordedEvent> one = List.of(event);
        if (publish(one) != 1) {
            throw failure(one, 0, null);
        }
    }

    @Override
    public synchronized void reset() {
        failedPageFrom = null;
        acknowledgedUpTo = null;
        checkpoints.reset(name);
    }

    private List<RecordedEvent> notYetAcknowledged(List<RecordedEvent> events, LogPosition from) {
        if (acknowledgedUpTo == null || !from.equals(failedPageFrom)) {
            failedPageFrom = null;
            acknowledgedUpTo = null;
            return events;
        }
        int first = 0;
        while (first < events.size() && !events.get(first).logPosition().isAfter(acknowledgedUpTo)) {
            first++;
        }
        return events.subList(first, events.size());
    }

    /** Sends the events and waits for their acknowledgements in order; returns how many, from the first, were acknowledged. */
    private int publish(List<RecordedEvent> events) {
        lastFailure = null;
        if (events.isEmpty()) {
            health.acknowledged(0, true);
            return 0;
        }
        List<CompletableFuture<?>> acks = new ArrayList<>(events.size());
        for (RecordedEvent event : events) {
            CompletableFuture<?> ack;
            try {
                ack = sender.send(event);
            } catch (RuntimeException e) {
                ack = CompletableFuture.failedFuture(e);
            }
            acks.add(ack);
            if (ack.isCompletedExceptionally()) {
                break; // refused before it left: send nothing after it
            }
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        int acknowledged = 0;
        for (CompletableFuture<?> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                lastFailure = e instanceof ExecutionException ? e.getCause() : e;
                break;
            } catch (TimeoutException e) {
                lastFailure = new BrokerUnavailableException(sender.describe() + " did not acknowledge within "
                        + ackTimeout.toMillis() + " ms", e);
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastFailure = new BrokerUnavailableException("interrupted while waiting for " + sender.describe(), e);
                break;
            }
        }
        if (acknowledged < events.size()) {
            sender.reset(); // whatever is still in flight is abandoned before anything is sent again
        }
        health.acknowledged(acknowledged, acknowledged == events.size());
        return acknowledged;
    }

    /** The exception for a page of which only {@code acknowledged} events got through; moves the checkpoint past them where the runner expects it. */
    private EventSourcingException failure(List<RecordedEvent> events, int acknowledged, LogPosition from) {
        RecordedEvent failed = events.get(acknowledged);
        EventSourcingException error = lastFailure instanceof EventSourcingException known
                && (known instanceof BrokerUnavailableException || known instanceof MessageRejectedException)
                ? known : sender.classify(lastFailure, failed);
        health.failed(PublishingTarget.describe(error) + " (event " + failed.eventId() + " at " + failed.streamId()
                + "@" + failed.version() + ", position " + failed.logPosition() + ")");
        if (from == null) {
            return error;
        }
        LogPosition reached = acknowledged > 0 ? events.get(acknowledged - 1).logPosition()
                : from.equals(failedPageFrom) ? acknowledgedUpTo : null;
        if (error.isRetryable()) {
            // The runner retries this page from the same checkpoint: remember what got through.
            failedPageFrom = reached == null ? null : from;
            acknowledgedUpTo = reached;
        } else {
            failedPageFrom = null;
            acknowledgedUpTo = null;
            if (reached != null) {
                // The runner reloads the checkpoint and goes event by event to the refused one.
                checkpoints.compareAndSet(name, from, reached);
            }
        }
        return error;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

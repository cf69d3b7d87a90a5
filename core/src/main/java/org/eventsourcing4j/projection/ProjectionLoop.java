package org.eventsourcing4j.projection;

import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.ReadDelay;
import org.eventsourcing4j.store.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a projection's thread: take the lease (or follow the holder's checkpoint),
 * read a page after the checkpoint, commit it, repeat; pause when caught up.
 *
 * <p>The checkpoint only ever moves to a position up to which everything was applied (or
 * parked or skipped by policy). A page whose commit fails is retried event by event to find
 * the failing one; that event is retried with backoff, then handled by the
 * {@link FailurePolicy}. Failures of the infrastructure itself (retryable
 * {@link EventSourcingException}s: the database is unavailable) are retried without limit
 * and never count against an event.
 */
final class ProjectionLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    private final String name;
    private final GlobalLogReader log;
    private final ProjectionTarget target;
    private final ProjectionOptions options;
    private final Progress progress;
    private final Wakeups wakeups;
    private final Optional<Parking> parking;
    /** Whether this thread owns the checkpoint it holds in {@link #progress}; false until loaded under the lease. */
    private boolean owner;
    /** Commits refused in a row because the checkpoint had moved: each waits longer before the next take-over. */
    private int fences;

    ProjectionLoop(String name, GlobalLogReader log, ProjectionTarget target, ProjectionOptions options,
                   Progress progress, Wakeups wakeups, Optional<Parking> parking) {
        this.name = name;
        this.log = log;
        this.target = target;
        this.options = options;
        this.progress = progress;
        this.wakeups = wakeups;
        this.parking = parking;
    }

    @Override
    public void run() {
        owner = false;
        int infraFailures = 0;
        while (!wakeups.stopping()) {
            try {
                if (!owner || !options.lease().isHeld()) {
                    owner = false;
                    if (fences > 0) {
                        // Another instance moved the checkpoint: let it work before taking over again.
                        wakeups.pause(options.retry().backoffBefore(fences + 1), false);
                    }
                    if (!takeOver()) {
                        continue;
                    }
                }
                LogPage page = log.readAll(progress.checkpoint(), options.batchSize(), options.filter());
                if (page.isEmpty()) {
                    if (page.next().isAfter(progress.checkpoint())) {
                        commit(List.of(), page.next());
                    }
                    progress.caughtUp(readDelay(), options.clock().instant());
                    infraFailures = 0;
                    wakeups.pause(options.pollInterval(), true);
                    continue;
                }
                progress.reading(page.events().size() == options.batchSize(), page.events().get(0).recordedAt());
                processPage(page);
                // Only a page done counts as recovery: a read that works before a commit that keeps
                // failing must not bring the backoff back to its first, shortest pause.
                infraFailures = 0;
            } catch (RuntimeException e) {
                infraFailures++;
                progress.retried();
                progress.error("reading or committing failed: " + ProjectionRunner.describe(e));
                LOG.warn("projection {}: {}; retrying", name, ProjectionRunner.describe(e));
                wakeups.pause(options.retry().backoffBefore(infraFailures + 1), false);
            }
        }
    }

    /** Takes the lease and loads the checkpoint under it; without the lease, follows the holder's checkpoint. */
    private boolean takeOver() {
        ProjectionLease lease = options.lease();
        if (!lease.isHeld() && !lease.tryAcquire()) {
            progress.waiting(ProjectionStatus.State.WAITING_FOR_LEASE, "the lease, held by another instance");
            // Follow the holder's checkpoint: awaitProcessed and status() on this instance then
            // tell what the read model (shared with the holder) has. Mirrored, so it may also go
            // back (the holder rebuilt the read model).
            progress.checkpoint(target.checkpoint());
            wakeups.followPause(options.pollInterval());
            return false;
        }
        progress.checkpoint(target.checkpoint());
        parking.ifPresent(Parking::reload);
        owner = true;
        return true;
    }

    private ReadDelay readDelay() {
        try {
            return log.readDelay().orElse(null);
        } catch (EventSourcingException e) {
            return null;
        }
    }

    private void processPage(LogPage page) {
        List<RecordedEvent> events = page.events();
        if (parking.isPresent()) {
            events = parking.get().holdBack(events, options.clock().instant());
            progress.parked(page.events().size() - events.size());
        }
        try {
            commit(events, page.next()); // false when fenced: the loop then re-acquires
            return;
        } catch (RuntimeException e) {
            if (isInfrastructure(e)) {
                throw e;
            }
            // One event of the page failed: go event by event to find it. A target that is not
            // transactional may have committed part of the page; continue after what it kept.
        }
        progress.checkpoint(target.checkpoint());
        for (RecordedEvent event : events) {
            if (!event.logPosition().isAfter(progress.checkpoint())) {
                continue;
            }
            if (wakeups.stopping() || !processOne(event)) {
                return;
            }
        }
        if (page.next().isAfter(progress.checkpoint())) {
            commit(List.of(), page.next());
        }
    }

    /** @return false when the loop must stop reading (stopping, fenced, failed) */
    private boolean processOne(RecordedEvent event) {
        if (parking.isPresent() && parking.get().isHeld(event)) {
            // An earlier event of its stream failed in this page and was parked.
            parking.get().holdBack(List.of(event), options.clock().instant());
            progress.parked(1);
            return commit(List.of(), event.logPosition());
        }
        for (int attempt = 1; !wakeups.stopping(); attempt++) {
            try {
                return commit(List.of(event), event.logPosition());
            } catch (RuntimeException e) {
                if (isInfrastructure(e)) {
                    throw e;
                }
                String error = "event " + event.eventId() + " (" + event.type() + " at " + event.streamId() + "@"
                        + event.version() + ", position " + event.logPosition() + "): " + ProjectionRunner.describe(e);
                progress.error(error);
                if (options.retry().allowsAnotherAfter(attempt)) {
                    progress.retried();
                    LOG.warn("projection {} failed on {}; attempt {} of {}", name, error, attempt, options.maxAttempts());
                    wakeups.pause(options.retry().backoffBefore(attempt + 1), false);
                    continue;
                }
                return giveUp(event, error, attempt);
            }
        }
        return false;
    }

    private boolean giveUp(RecordedEvent event, String error, int attempts) {
        switch (options.policy()) {
            case PARK -> {
                parking.orElseThrow().park(new ParkedEvent(name, event, error, attempts, options.clock().instant()));
                LOG.warn("projection {} parked {}", name, error);
                boolean moved = commit(List.of(), event.logPosition());
                progress.parked(1);
                return moved;
            }
            case SKIP -> {
                LOG.error("projection {} skipped {}", name, error);
                boolean moved = commit(List.of(), event.logPosition());
                progress.skipped();
                return moved;
            }
            default -> {
                LOG.error("projection {} stopped on {}", name, error);
                progress.failed(error);
                wakeups.stop();
                return false;
            }
        }
    }

    /** Commits through the target; on a fence, gives the lease up so the loop re-acquires and reloads. */
    private boolean commit(List<RecordedEvent> events, LogPosition to) {
        LogPosition from = progress.checkpoint();
        if (!target.commit(events, from, to)) {
            if (fences++ == 0) {
                LOG.warn("projection {}: checkpoint moved by another instance; giving the lease up", name);
            } else {
                LOG.debug("projection {}: checkpoint moved by another instance again ({} in a row)", name, fences);
            }
            progress.waiting(ProjectionStatus.State.WAITING_FOR_LEASE, "checkpoint moved by another instance");
            owner = false;
            options.lease().close();
            return false;
        }
        progress.advanced(to, events.size());
        fences = 0;
        return true;
    }

    private static boolean isInfrastructure(RuntimeException e) {
        return e instanceof EventSourcingException ese && ese.isRetryable();
    }
}

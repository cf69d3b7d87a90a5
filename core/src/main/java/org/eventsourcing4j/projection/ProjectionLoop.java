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
 * read a page after the checkpoint, commit it, repeat; pause when caught up. While catching
 * up, the next page is read ahead during the commit ({@link ReadAhead}).
 *
 * <p>The checkpoint only ever moves to a position up to which everything was applied (or
 * parked or skipped by policy). A page whose commit fails is retried event by event to find
 * the failing one; that event is retried with backoff, then handled by the
 * {@link FailurePolicy}. Failures of the infrastructure itself (retryable
 * {@link EventSourcingException}s: the database is unavailable) are retried without limit
 * and never count against an event.
 */
final class ProjectionLoop implements Runnable, Supervision.Requests {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    private final String name;
    private final GlobalLogReader log;
    private final ProjectionTarget target;
    private final ProjectionOptions options;
    private final Progress progress;
    private final Wakeups wakeups;
    private final Optional<Parking> parking;
    private final Optional<Supervision> supervision;
    /** Whether this thread owns the checkpoint it holds in {@link #progress}; false until loaded under the lease. */
    private boolean owner;
    /** Commits refused in a row because the checkpoint had moved: each waits longer before the next take-over. */
    private int fences;
    /**
     * Failed reads or commits in a row: the backoff grows with it. Reset only once a page was
     * processed or the log was caught up with, not after a read that succeeded: a page whose
     * commit keeps failing (a broker that is down) must back off further each time, not start
     * again from the first pause after every successful read.
     */
    private int infrastructureFailures;

    ProjectionLoop(String name, GlobalLogReader log, ProjectionTarget target, ProjectionOptions options,
                   Progress progress, Wakeups wakeups, Optional<Parking> parking,
                   Optional<Supervision> supervision) {
        this.name = name;
        this.log = log;
        this.target = target;
        this.options = options;
        this.progress = progress;
        this.wakeups = wakeups;
        this.parking = parking;
        this.supervision = supervision;
    }

    @Override
    public void run() {
        try (ReadAhead ahead = new ReadAhead(name, log, options.batchSize(), options.filter())) {
            run(ahead);
        }
    }

    private void run(ReadAhead ahead) {
        owner = false;
        infrastructureFailures = 0;
        while (!wakeups.stopping()) {
            try {
                if (!owner || !options.lease().isHeld()) {
                    owner = false;
                    if (fences > 0) {
                        // Another instance moved the checkpoint: let it work before taking over again.
                        wakeups.pause(options.retry().backoffBefore(fences + 1), false);
                    }
                    if (!takeOver()) {
                        supervision.ifPresent(s -> s.holdOff(false, this));
                        continue;
                    }
                }
                if (supervision.isPresent() && supervision.get().holdOff(true, this)) {
                    wakeups.pause(options.pollInterval(), false); // paused, or failed: wait for orders
                    continue;
                }
                LogPage page = ahead.read(progress.checkpoint());
                if (page.isEmpty()) {
                    if (page.next().isAfter(progress.checkpoint())) {
                        commit(List.of(), page.next());
                    }
                    infrastructureFailures = 0;
                    progress.caughtUp(readDelay(), options.clock().instant());
                    wakeups.pause(options.pollInterval(), true);
                    continue;
                }
                boolean full = page.events().size() == options.batchSize();
                progress.reading(full, page.events().get(0).recordedAt());
                if (full) {
                    // Catching up: read the next page while this one commits. Only then, so a
                    // projection that follows the head reads after its commit, as before.
                    ahead.start(page.next());
                }
                processPage(page);
                infrastructureFailures = 0;
            } catch (RuntimeException e) {
                infrastructureFailures++;
                progress.retried();
                progress.error("reading or committing failed: " + ProjectionRunner.describe(e));
                LOG.warn("projection {}: {}; retrying", name, ProjectionRunner.describe(e));
                wakeups.pause(options.retry().backoffBefore(infrastructureFailures + 1), false);
            }
        }
    }

    /** The failed reads or commits in a row so far; read on the loop's own thread (by a target, in tests). */
    int infrastructureFailures() {
        return infrastructureFailures;
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
                if (supervision.isEmpty()) {
                    wakeups.stop(); // with a control, the thread stays to wait for an operator's restart
                }
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

    /** Carries out an operator's request on this thread, between pages (see {@link Supervision}). */
    @Override
    public String carryOut(ProjectionRequest.Action action) {
        return switch (action) {
            case REBUILD, RESET -> {
                int parked = parking.map(p -> p.list().size()).orElse(0);
                target.reset();
                parking.ifPresent(Parking::clear);
                progress.resetCounters();
                progress.restarted();
                yield "read model, checkpoint and " + parked + " parked event(s) cleared"
                        + (action == ProjectionRequest.Action.REBUILD ? "; replaying from the start"
                        : "; paused until resumed");
            }
            case REPLAY_PARKED -> {
                if (parking.isEmpty()) {
                    yield "nothing is parked: the projection has no dead-letter store";
                }
                int before = parking.get().list().size();
                int replayed = parking.get().replay(target, options.clock());
                yield "replayed " + replayed + " of " + before + " parked event(s)"
                        + (replayed < before ? "; the others failed again and stay parked" : "");
            }
            case RESTART -> {
                ProjectionStatus.State state = progress.state();
                if (state != ProjectionStatus.State.FAILED) {
                    yield "nothing to restart: the projection is " + state;
                }
                progress.restarted();
                yield "restarted: retrying from checkpoint " + progress.checkpoint();
            }
        };
    }
}

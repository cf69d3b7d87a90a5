package org.eventsourcing4j.projection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eventsourcing4j.store.AppendNotifier;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.ReadDelayReporter;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.internal.Checks;
import org.eventsourcing4j.store.internal.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one projection on its own thread: reads the global log from the target's
 * checkpoint in pages, catches up, then follows new appends (woken by the store when it is
 * an {@link AppendNotifier}, polling otherwise), committing each page with its checkpoint.
 *
 * <p>The checkpoint only ever moves to a position up to which everything was applied (or
 * parked or skipped by policy), so stopping and restarting anywhere neither loses nor
 * repeats events for transactional targets. A page whose commit fails is retried event by
 * event to find the failing one; that event is retried with backoff, then handled by the
 * {@link FailurePolicy}. Failures of the infrastructure itself (retryable
 * {@link EventSourcingException}s: database unavailable) are retried without limit and
 * never count against an event.
 */
public final class ProjectionRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    private final String name;
    private final GlobalLogReader log;
    private final ProjectionTarget target;
    private final ProjectionOptions options;
    private final DeadLetterStore deadLetters;
    private final ProjectionLease lease;
    private final Clock clock;
    private final Progress progress = new Progress();
    private final Object wakeup = new Object();
    private boolean woken;
    /** Callers in awaitProcessed. */
    private final AtomicInteger waiters = new AtomicInteger();
    /** How often an instance waiting for the lease reads the shared checkpoint while callers wait for it. */
    private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(10);
    private volatile boolean stopping;
    /** Whether this runner owns the checkpoint it holds in {@link #progress}; false until loaded under the lease. */
    private boolean owner;
    private Thread thread;
    private AppendNotifier.Registration notifications;

    ProjectionRunner(ProjectionRunnerBuilder builder) {
        this.name = Text.identifier(builder.name, "projection name", 200);
        this.log = Checks.notNull(builder.log, "log");
        this.target = Checks.notNull(builder.target, "target");
        this.options = builder.options;
        this.deadLetters = builder.deadLetters;
        this.lease = builder.lease;
        this.clock = builder.clock;
    }

    public static ProjectionRunnerBuilder builder(String name, GlobalLogReader log, ProjectionTarget target) {
        return new ProjectionRunnerBuilder(name, log, target);
    }

    public String name() {
        return name;
    }

    /** Starts the projection's thread. Starting a running projection does nothing. */
    public synchronized void start() {
        if (thread != null && thread.isAlive()) {
            return;
        }
        stopping = false;
        owner = false;
        progress.state(ProjectionStatus.State.STARTING);
        if (notifications == null && log instanceof AppendNotifier notifier) {
            notifications = notifier.onAppend(this::wake);
        }
        thread = new Thread(this::run, "projection-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread after the page in hand is committed, and gives the lease up. */
    public synchronized void stop() {
        stopping = true;
        wake();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lease.close();
        if (progress.state() != ProjectionStatus.State.FAILED) {
            progress.state(ProjectionStatus.State.STOPPED);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (notifications != null) {
            notifications.close();
            notifications = null;
        }
    }

    /**
     * Clears the read model and the checkpoint and replays the projection from the start of
     * the log, while appends go on; it ends up equal to a fresh full replay.
     */
    public synchronized void rebuild() {
        stop();
        target.reset();
        progress.resetCounters();
        start();
    }

    /**
     * Waits until the projection has processed the log up to {@code position} (e.g. an
     * {@code AppendResult#lastPosition()}), for read-your-writes. On an instance waiting for
     * the lease this follows the checkpoint of the instance that holds it (the read model is
     * shared), read every 10 ms while someone waits.
     *
     * @return false when the timeout passed first, or the projection stopped or failed
     */
    public boolean awaitProcessed(LogPosition position, Duration timeout) throws InterruptedException {
        Checks.notNull(position, "position");
        Checks.notNull(timeout, "timeout");
        // Counted before the runner is woken, so that the pause it then takes is the short one.
        waiters.incrementAndGet();
        try {
            synchronized (wakeup) {
                wakeup.notifyAll(); // ends a lease-waiting runner's long pause (see followPause)
            }
            return progress.awaitCheckpoint(position, timeout);
        } finally {
            waiters.decrementAndGet();
        }
    }

    /** Applies the parked events of this projection again; those that succeed leave the dead-letter store. */
    public int replayParked() {
        int replayed = 0;
        for (ParkedEvent parked : deadLetters.list(name)) {
            try {
                target.applyAgain(parked.event());
                deadLetters.remove(name, parked.event().eventId());
                replayed++;
            } catch (Exception e) {
                deadLetters.park(new ParkedEvent(name, parked.event(), describe(e), parked.attempts() + 1, clock.instant()));
            }
        }
        return replayed;
    }

    public List<ParkedEvent> parkedEvents() {
        return deadLetters.list(name);
    }

    /** Where the projection stands; reads the log's head, so it costs one query on a database store. */
    public ProjectionStatus status() {
        LogPosition checkpoint = progress.checkpoint();
        LogPosition head;
        try {
            head = log.headPosition();
        } catch (EventSourcingException e) {
            head = checkpoint;
        }
        long lagEvents = Math.max(0, head.position() - checkpoint.position());
        Instant oldest = progress.oldestPending();
        Duration lag = oldest == null || lagEvents == 0 ? Duration.ZERO
                : Duration.between(oldest, clock.instant()).isNegative() ? Duration.ZERO
                : Duration.between(oldest, clock.instant());
        return progress.status(name, head, lagEvents, lag);
    }

    private void wake() {
        synchronized (wakeup) {
            woken = true;
            wakeup.notifyAll();
        }
    }

    /** Waits up to {@code duration}; an append notification ends the wait early when {@code wakeOnAppend}. */
    private void pause(Duration duration, boolean wakeOnAppend) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (wakeup) {
            if (wakeOnAppend && woken) {
                woken = false;
                return;
            }
            awaitWakeup(deadline, () -> wakeOnAppend && woken);
            if (wakeOnAppend) {
                woken = false;
            }
        }
    }

    /**
     * The pause of an instance waiting for the lease: a poll interval, ended early when a
     * caller starts waiting in awaitProcessed, and short while callers wait, so that they
     * see the holder's progress soon after it commits.
     */
    private void followPause() {
        boolean awaited = waiters.get() > 0;
        Duration duration = awaited && FOLLOW_INTERVAL.compareTo(options.pollInterval()) < 0
                ? FOLLOW_INTERVAL : options.pollInterval();
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (wakeup) {
            awaitWakeup(deadline, () -> !awaited && waiters.get() > 0);
        }
    }

    /** Waits on {@code wakeup}, whose monitor the caller holds, until the deadline, a stop, or {@code done}. */
    private void awaitWakeup(long deadline, BooleanSupplier done) {
        while (!stopping && !done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(wakeup, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    private void run() {
        int infraFailures = 0;
        while (!stopping) {
            try {
                if (!owner || !lease.isHeld()) {
                    owner = false;
                    if (!lease.isHeld() && !lease.tryAcquire()) {
                        progress.waiting(ProjectionStatus.State.WAITING_FOR_LEASE, "the lease, held by another instance");
                        // Follow the holder's checkpoint: awaitProcessed and status() on this
                        // instance then tell what the read model (shared with the holder) has.
                        // Mirrored, so it may also go back (the holder rebuilt the read model).
                        progress.checkpoint(target.checkpoint());
                        followPause();
                        continue;
                    }
                    progress.checkpoint(target.checkpoint());
                    owner = true;
                }
                LogPage page = log.readAll(progress.checkpoint(), options.batchSize(), options.filter());
                if (page.isEmpty()) {
                    if (page.next().isAfter(progress.checkpoint())) {
                        commit(List.of(), page.next());
                    }
                    infraFailures = 0;
                    progress.caughtUp(readDelay());
                    pause(options.pollInterval(), true);
                    continue;
                }
                progress.reading(page.events().size() == options.batchSize(), page.events().get(0).recordedAt());
                processPage(page);
                // Only now: a page whose commit keeps failing (a broker that is down) backs off further each time.
                infraFailures = 0;
            } catch (Exception e) {
                infraFailures++;
                progress.error("reading or committing failed: " + describe(e));
                LOG.warn("projection {}: {}; retrying", name, describe(e));
                pause(options.backoff(infraFailures), false);
            }
        }
    }

    private String readDelay() {
        if (log instanceof ReadDelayReporter reporter) {
            try {
                return reporter.readDelay().orElse(null);
            } catch (EventSourcingException e) {
                return null;
            }
        }
        return null;
    }

    private void processPage(LogPage page) throws Exception {
        try {
            commit(page.events(), page.next()); // false when fenced: the loop then re-acquires
            return;
        } catch (Exception e) {
            if (isInfrastructure(e)) {
                throw e;
            }
            // One event of the page failed: go event by event to find it. A target that is not
            // transactional may have committed part of the page; continue after what it kept.
        }
        progress.checkpoint(target.checkpoint());
        for (RecordedEvent event : page.events()) {
            if (!event.logPosition().isAfter(progress.checkpoint())) {
                continue;
            }
            if (stopping || !processOne(event)) {
                return;
            }
        }
        if (page.next().isAfter(progress.checkpoint())) {
            commit(List.of(), page.next());
        }
    }

    /** @return false when the runner must stop reading (stopping, fenced, failed) */
    private boolean processOne(RecordedEvent event) throws Exception {
        for (int attempt = 1; !stopping; attempt++) {
            try {
                return commit(List.of(event), event.logPosition());
            } catch (Exception e) {
                if (isInfrastructure(e)) {
                    throw e;
                }
                String error = "event " + event.eventId() + " (" + event.type() + " at " + event.streamId() + "@"
                        + event.version() + ", position " + event.logPosition() + "): " + describe(e);
                progress.error(error);
                if (attempt < options.maxAttempts()) {
                    progress.retried();
                    LOG.warn("projection {} failed on {}; attempt {} of {}", name, error, attempt, options.maxAttempts());
                    pause(options.backoff(attempt), false);
                    continue;
                }
                return giveUp(event, error, attempt);
            }
        }
        return false;
    }

    private boolean giveUp(RecordedEvent event, String error, int attempts) throws Exception {
        switch (options.policy()) {
            case PARK -> {
                deadLetters.park(new ParkedEvent(name, event, error, attempts, clock.instant()));
                LOG.warn("projection {} parked {}", name, error);
                boolean moved = commit(List.of(), event.logPosition());
                progress.parked();
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
                stopping = true;
                return false;
            }
        }
    }

    /** Commits through the target; on a fence, gives the lease up so the loop re-acquires and reloads. */
    private boolean commit(List<RecordedEvent> events, LogPosition to) throws Exception {
        LogPosition from = progress.checkpoint();
        if (!target.commit(events, from, to)) {
            LOG.warn("projection {}: checkpoint moved by another instance; giving the lease up", name);
            progress.waiting(ProjectionStatus.State.WAITING_FOR_LEASE, "checkpoint moved by another instance");
            owner = false;
            lease.close();
            return false;
        }
        progress.advanced(to, events.size());
        return true;
    }

    private static boolean isInfrastructure(Exception e) {
        return e instanceof EventSourcingException ese && ese.isRetryable();
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

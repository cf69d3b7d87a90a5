package org.eventsourcing4j.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;

/**
 * Runs one projection on its own thread: reads the global log from the target's
 * checkpoint in pages, catches up, then follows new appends (woken by the store when it is
 * able to, see {@link GlobalLogReader#onAppend}; polling otherwise), committing each page
 * with its checkpoint (see {@link ProjectionLoop} for the failure handling).
 *
 * <p>The checkpoint only ever moves to a position up to which everything was applied (or
 * parked or skipped by policy), so stopping and restarting anywhere neither loses nor
 * repeats events for transactional targets. With {@link FailurePolicy#PARK} a parked
 * event holds its stream's later events back until it is replayed or skipped, so
 * per-stream order holds for handlers that check it.
 *
 * <p>With a {@link ProjectionControl} ({@link ProjectionOptions#withControl}) it reports its
 * status there and follows operators' orders: pauses, and requests to rebuild, reset, replay
 * the parked events or restart after a failure (see {@link Supervision}).
 */
public final class ProjectionRunner implements AutoCloseable {
    private final String name;
    private final GlobalLogReader log;
    private final ProjectionTarget target;
    private final ProjectionOptions options;
    private final Progress progress = new Progress();
    private final Wakeups wakeups = new Wakeups();
    private final Optional<Parking> parking;
    private final Optional<Supervision> supervision;
    private Thread thread;
    private Registration notifications;
    private volatile Recent recent;

    private ProjectionRunner(String name, GlobalLogReader log, ProjectionTarget target, ProjectionOptions options) {
        this.name = Text.identifier(name, "projection name", 200);
        this.log = Checks.notNull(log, "log");
        this.target = Checks.notNull(target, "target");
        this.options = Checks.notNull(options, "options");
        if (options.policy() == FailurePolicy.PARK && options.deadLetters().isEmpty()) {
            throw new InvalidArgumentException("projection options", "failure policy PARK of projection '" + name
                    + "' needs a dead-letter store (withDeadLetters), next to its checkpoint so parked events"
                    + " survive a restart");
        }
        this.parking = options.deadLetters().map(store -> new Parking(this.name, store));
        this.supervision = options.control().map(control -> new Supervision(this.name, control, options, progress,
                this::status));
    }

    /** A runner of projection {@code name}, reading {@code log} into {@code target}; not started. */
    public static ProjectionRunner create(String name, GlobalLogReader log, ProjectionTarget target,
                                          ProjectionOptions options) {
        return new ProjectionRunner(name, log, target, options);
    }

    /** {@link #create(String, GlobalLogReader, ProjectionTarget, ProjectionOptions)} with the defaults. */
    public static ProjectionRunner create(String name, GlobalLogReader log, ProjectionTarget target) {
        return new ProjectionRunner(name, log, target, ProjectionOptions.DEFAULTS);
    }

    public String name() {
        return name;
    }

    public ProjectionOptions options() {
        return options;
    }

    /**
     * The name this runner reports under to its {@link ProjectionControl}: host, process id and
     * runner number, e.g. {@code "app-1:4242#3"}; empty without a control.
     */
    public Optional<String> instance() {
        return supervision.map(Supervision::instance);
    }

    /** Starts the projection's thread. Starting a running projection does nothing. */
    public synchronized void start() {
        if (thread != null && thread.isAlive()) {
            return;
        }
        wakeups.started();
        progress.state(ProjectionStatus.State.STARTING);
        if (notifications == null) {
            notifications = log.onAppend(wakeups::appended).orElse(null);
        }
        thread = new Thread(new ProjectionLoop(name, log, target, options, progress, wakeups, parking, supervision),
                "projection-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread after the page in hand is committed, and gives the lease up. */
    public synchronized void stop() {
        wakeups.stop();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        options.lease().close();
        if (progress.state() != ProjectionStatus.State.FAILED) {
            progress.state(ProjectionStatus.State.STOPPED);
        }
        supervision.ifPresent(Supervision::withdraw);
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
     * Clears the read model, the checkpoint and the parked events, and replays the projection
     * from the start of the log while appends go on; it ends up equal to a fresh full replay.
     */
    public synchronized void rebuild() {
        stop();
        target.reset();
        parking.ifPresent(Parking::clear);
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
        wakeups.waiterArrived();
        try {
            return progress.awaitCheckpoint(position, timeout);
        } finally {
            wakeups.waiterLeft();
        }
    }

    /**
     * Applies this projection's parked events again, in log order; those that succeed leave
     * the dead-letter store (in the same transaction where the target can). A stream whose
     * event fails again keeps it, and its later events, parked.
     *
     * @return how many were applied; 0 without a dead-letter store
     */
    public int replayParked() {
        return parking.map(p -> p.replay(target, options.clock())).orElse(0);
    }

    /** Removes one parked event without applying it (an operator decided it must never apply). */
    public boolean skipParked(UUID eventId) {
        Checks.notNull(eventId, "event id");
        return parking.map(p -> p.skip(eventId)).orElse(false);
    }

    /** The parked events, in log order; empty without a dead-letter store. */
    public List<ParkedEvent> parkedEvents() {
        return parking.map(Parking::list).orElse(List.of());
    }

    /**
     * Where the projection stands now; reads the log's last committed position, so it costs
     * one query on a database store (meters use {@link #status(Duration)}).
     */
    public ProjectionStatus status() {
        LogPosition checkpoint = progress.checkpoint();
        LogPosition head;
        try {
            head = log.lastCommittedPosition();
        } catch (EventSourcingException e) {
            head = checkpoint;
        }
        long lagEvents = Math.max(0, head.position() - checkpoint.position());
        Instant oldest = progress.oldestPending();
        Instant now = options.clock().instant();
        Duration lag = oldest == null || lagEvents == 0 || now.isBefore(oldest) ? Duration.ZERO
                : Duration.between(oldest, now);
        Duration heldBackFor = progress.heldBackFor(now);
        ProjectionStatus status = progress.status(name, head, lagEvents, lag.compareTo(heldBackFor) < 0
                && lagEvents > 0 ? heldBackFor : lag, heldBackFor);
        recent = new Recent(status, now);
        return status;
    }

    /**
     * The status, read anew only when the last one is older than {@code maxAge} (by the
     * options' clock): what meters and health checks ask many times a scrape, for one query
     * a scrape at most.
     */
    public ProjectionStatus status(Duration maxAge) {
        Checks.notNull(maxAge, "max age");
        Recent last = recent;
        if (last != null && Duration.between(last.at(), options.clock().instant()).compareTo(maxAge) <= 0) {
            return last.status();
        }
        return status();
    }

    /** The last status and when it was read. */
    private record Recent(ProjectionStatus status, Instant at) {
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

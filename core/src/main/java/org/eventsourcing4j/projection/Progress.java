package org.eventsourcing4j.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.ReadDelay;

/** A runner's progress: written by its thread, read by status calls and waiters. */
final class Progress {
    private LogPosition checkpoint = LogPosition.START;
    private ProjectionStatus.State state = ProjectionStatus.State.NEW;
    private long processed;
    private long skipped;
    private long parked;
    private long retried;
    private String lastError;
    private String waitingFor;
    /** What held the log back when the runner last caught up, and when it saw that; null when nothing did. */
    private ReadDelay heldBack;
    private Instant heldBackSeen;
    private Instant oldestPending;

    synchronized LogPosition checkpoint() {
        return checkpoint;
    }

    synchronized void checkpoint(LogPosition position) {
        checkpoint = position;
        notifyAll();
    }

    synchronized ProjectionStatus.State state() {
        return state;
    }

    synchronized void state(ProjectionStatus.State newState) {
        state = newState;
        notifyAll();
    }

    synchronized Instant oldestPending() {
        return oldestPending;
    }

    synchronized void advanced(LogPosition to, int events) {
        checkpoint = to;
        processed += events;
        notifyAll();
    }

    synchronized void reading(boolean fullPage, Instant oldest) {
        state = fullPage ? ProjectionStatus.State.CATCHING_UP : ProjectionStatus.State.RUNNING;
        oldestPending = oldest;
        waitingFor = null;
        heldBack = null;
    }

    synchronized void caughtUp(ReadDelay delay, Instant now) {
        state = ProjectionStatus.State.RUNNING;
        oldestPending = null;
        waitingFor = delay == null ? null : delay.reason();
        heldBack = delay;
        heldBackSeen = now;
    }

    synchronized void paused() {
        state = ProjectionStatus.State.PAUSED;
        oldestPending = null;
        waitingFor = "paused by an operator";
    }

    /** After an operator's restart of a failed projection: it runs again from its checkpoint. */
    synchronized void restarted() {
        state = ProjectionStatus.State.STARTING;
        notifyAll();
    }

    synchronized void waiting(ProjectionStatus.State newState, String why) {
        state = newState;
        waitingFor = why;
    }

    synchronized void error(String error) {
        lastError = error;
    }

    synchronized void failed(String error) {
        lastError = error;
        state = ProjectionStatus.State.FAILED;
        notifyAll();
    }

    synchronized void retried() {
        retried++;
    }

    synchronized void skipped() {
        skipped++;
    }

    synchronized void parked(long events) {
        parked += events;
    }

    synchronized void resetCounters() {
        checkpoint = LogPosition.START;
        processed = skipped = parked = retried = 0;
        lastError = null;
        oldestPending = null;
    }

    synchronized boolean awaitCheckpoint(LogPosition position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (checkpoint.compareTo(position) < 0) {
            if (state == ProjectionStatus.State.FAILED || state == ProjectionStatus.State.STOPPED) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** How long the log has held this runner back by {@code now}: the delay's age when seen, plus the time since. */
    synchronized Duration heldBackFor(Instant now) {
        if (heldBack == null || state != ProjectionStatus.State.RUNNING) {
            return Duration.ZERO;
        }
        Duration since = Duration.between(heldBackSeen, now);
        return heldBack.age().plus(since.isNegative() ? Duration.ZERO : since);
    }

    synchronized ProjectionStatus status(String name, LogPosition head, long lagEvents, Duration lag,
                                         Duration heldBackFor) {
        return new ProjectionStatus(name, state, checkpoint, head, lagEvents, lag,
                processed, skipped, parked, retried, lastError, waitingFor, heldBackFor);
    }
}

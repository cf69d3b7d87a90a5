package org.eventsourcing4j.projection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * When a projection's thread reads next. It pauses between reads; a pause ends early when
 * the store announces an append (a hint: several appends may announce once, an
 * announcement may be lost, so every pause is bounded), or when the runner stops.
 *
 * <p>An instance waiting for the lease follows the holder's checkpoint instead. Its pause
 * is the poll interval, ended early when a caller starts waiting for progress
 * ({@code awaitProcessed}), and short ({@link #FOLLOW_INTERVAL}) while callers wait, so they
 * see the holder's commits soon after they happen. Callers are counted before the thread is
 * woken, so the pause it then takes is the short one.
 */
final class Wakeups {
    /** How often an instance waiting for the lease reads the shared checkpoint while callers wait for it. */
    static final Duration FOLLOW_INTERVAL = Duration.ofMillis(10);

    private final Object monitor = new Object();
    private final AtomicInteger waiters = new AtomicInteger();
    /** An append was announced since the last pause that wakes on appends. */
    private boolean appended;
    private volatile boolean stopping;

    void started() {
        stopping = false;
    }

    boolean stopping() {
        return stopping;
    }

    /** Asks the thread to stop: every pause ends now. */
    void stop() {
        stopping = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** The store announced an append. */
    void appended() {
        synchronized (monitor) {
            appended = true;
            monitor.notifyAll();
        }
    }

    /** A caller starts waiting for progress. */
    void waiterArrived() {
        waiters.incrementAndGet();
        synchronized (monitor) {
            monitor.notifyAll(); // ends a lease-waiting instance's long pause
        }
    }

    void waiterLeft() {
        waiters.decrementAndGet();
    }

    /** Waits up to {@code duration}; an append announcement ends the wait early when {@code wakeOnAppend}. */
    void pause(Duration duration, boolean wakeOnAppend) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (monitor) {
            if (!wakeOnAppend || !appended) {
                await(deadline, () -> wakeOnAppend && appended);
            }
            if (wakeOnAppend) {
                appended = false;
            }
        }
    }

    /** The pause of an instance waiting for the lease (see the class comment). */
    void followPause(Duration pollInterval) {
        boolean awaited = waiters.get() > 0;
        Duration duration = awaited && FOLLOW_INTERVAL.compareTo(pollInterval) < 0 ? FOLLOW_INTERVAL : pollInterval;
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (monitor) {
            await(deadline, () -> !awaited && waiters.get() > 0);
        }
    }

    /** Waits on the monitor, which the caller holds, until the deadline, a stop, or {@code done}. */
    private void await(long deadline, BooleanSupplier done) {
        while (!stopping && !done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }
}

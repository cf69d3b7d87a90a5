package org.eventsourcing4j.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often something is tried again after a failure that trying again can fix, and how
 * long to wait in between: a random pause up to a cap that doubles from
 * {@code initialBackoff} to {@code maxBackoff} ("full jitter"), so writers that collided
 * spread out instead of colliding again. The one retry policy of the library: the
 * repository uses it for commands after a concurrency conflict, projections for an event
 * whose handler failed (and, without the attempt limit, while their database is
 * unavailable), the PostgreSQL store for an append that lost a race it may still win.
 *
 * @param maxAttempts how many times the work runs at most, at least 1 (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Ten attempts, pauses from up to 1 ms growing to up to 100 ms. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(100));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new InvalidArgumentException("max attempts", "must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative()) {
            throw new InvalidArgumentException("initial backoff", "must be zero or positive, got " + initialBackoff);
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidArgumentException("max backoff",
                    "must be at least the initial backoff " + initialBackoff + ", got " + maxBackoff);
        }
    }

    /** Runs the command once; a conflict goes straight to the caller. */
    public static RetryPolicy noRetry() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** {@code maxAttempts} attempts with the default pauses. */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, DEFAULT.initialBackoff, DEFAULT.maxBackoff);
    }

    /** Whether {@code attempt} (1 for the first) may be followed by another. */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** A copy that makes at most {@code attempts} attempts. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff);
    }

    /** A copy with other pauses. */
    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max);
    }

    /**
     * Sleeps {@link #backoffBefore(int) the pause} before attempt {@code nextAttempt}.
     *
     * @throws InterruptedException when interrupted while sleeping (the flag is then clear,
     *                              as {@link Thread#sleep} leaves it)
     */
    public void pauseBefore(int nextAttempt) throws InterruptedException {
        Duration pause = backoffBefore(nextAttempt);
        if (!pause.isZero()) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(pause.toNanos());
        }
    }

    /** A random pause before attempt {@code nextAttempt} (2 or more). */
    public Duration backoffBefore(int nextAttempt) {
        long cap = initialBackoff.toNanos();
        for (int i = 2; i < nextAttempt && cap < maxBackoff.toNanos(); i++) {
            cap *= 2;
        }
        cap = Math.min(cap, maxBackoff.toNanos());
        return cap == 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}

package org.eventsourcing4j.sqlite;

import java.time.Clock;
import java.time.Duration;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * How a {@link SqliteEventStore} runs. Immutable; validated on construction.
 *
 * @param clock          where recorded-at timestamps come from (truncated to microseconds)
 * @param busyTimeout    how long a write waits for the database lock held by another
 *                       connection or process (SQLite's {@code busy_timeout}), and how long
 *                       it waits for the store's in-process writer lock, before failing
 *                       with a retryable {@link org.eventsourcing4j.store.StoreUnavailableException}
 * @param synchronous    when a commit is forced to disk
 * @param maxIdleReaders how many read connections a store opened on a file keeps open
 *                       between reads (more concurrent reads open more, then close them)
 */
public record SqliteOptions(Clock clock, Duration busyTimeout, Synchronous synchronous, int maxIdleReaders) {

    /** The default {@link #busyTimeout()}: 5 seconds. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    private static final SqliteOptions DEFAULTS =
            new SqliteOptions(Clock.systemUTC(), DEFAULT_BUSY_TIMEOUT, Synchronous.FULL, 4);

    /** SQLite's {@code PRAGMA synchronous} in WAL mode. {@code OFF} is deliberately not offered. */
    public enum Synchronous {
        /** Every commit is on disk when the append returns: survives a power loss. The default. */
        FULL,
        /**
         * A commit survives a crash of the process (kill -9) but the last commits may be lost
         * on a power loss or an operating-system crash. Faster: the write-ahead log is synced
         * at checkpoints instead of at every commit.
         */
        NORMAL
    }

    public SqliteOptions {
        if (clock == null) {
            throw new InvalidArgumentException("clock", "must not be null");
        }
        if (busyTimeout == null) {
            throw new InvalidArgumentException("busy timeout", "must not be null");
        }
        if (busyTimeout.isNegative() || busyTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new InvalidArgumentException("busy timeout",
                    "must be between 0 and " + Integer.MAX_VALUE + " ms, got " + busyTimeout);
        }
        if (synchronous == null) {
            throw new InvalidArgumentException("synchronous", "must not be null");
        }
        if (maxIdleReaders < 1 || maxIdleReaders > 64) {
            throw new InvalidArgumentException("max idle readers", "must be between 1 and 64, got " + maxIdleReaders);
        }
    }

    /** System UTC clock, 5 s busy timeout, {@link Synchronous#FULL}, 4 idle readers. */
    public static SqliteOptions defaults() {
        return DEFAULTS;
    }

    public SqliteOptions withClock(Clock newClock) {
        return new SqliteOptions(newClock, busyTimeout, synchronous, maxIdleReaders);
    }

    public SqliteOptions withBusyTimeout(Duration newBusyTimeout) {
        return new SqliteOptions(clock, newBusyTimeout, synchronous, maxIdleReaders);
    }

    public SqliteOptions withSynchronous(Synchronous newSynchronous) {
        return new SqliteOptions(clock, busyTimeout, newSynchronous, maxIdleReaders);
    }

    public SqliteOptions withMaxIdleReaders(int newMaxIdleReaders) {
        return new SqliteOptions(clock, busyTimeout, synchronous, newMaxIdleReaders);
    }

    /** {@link #busyTimeout()} in whole milliseconds, as SQLite takes it. */
    public int busyTimeoutMillis() {
        return (int) busyTimeout.toMillis();
    }
}

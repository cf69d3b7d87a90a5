package org.eventsourcing4j.store;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Event ids: time-ordered ones (RFC 9562 version 7, the default of {@link EventData#of(String, String)}
 * and of an aggregate repository's events without an idempotency key) and random ones
 * (version 4, as {@link UUID#randomUUID()}).
 *
 * <p><strong>Why time-ordered.</strong> Both SQL stores keep a unique index on the event id.
 * Random ids put each new entry at a random place of that index, so that a batch of n events
 * touches up to n leaf pages (each to be read, written back and, on PostgreSQL, logged whole
 * the first time after a checkpoint); ids that begin with their creation time go to the
 * right-hand end of the index, next to each other, as the log's positions do. The figures
 * are in docs/benchmarks-postgres.md and docs/benchmarks-sqlite.md, section "Event ids:
 * random vs time-ordered".
 *
 * <p><strong>Layout</strong> (RFC 9562, section 5.7), from the most significant bit:
 * <pre>
 *  48 bits  unix_ts_ms  milliseconds since 1970-01-01T00:00Z, from the generator's clock
 *   4 bits  ver         0111 (7)
 *  12 bits  rand_a      a counter: random from 0 to 2047 at the first id of a millisecond,
 *                       plus one for every further id in that millisecond
 *   2 bits  var         10 (the RFC's variant)
 *  62 bits  rand_b      random, new for every id
 * </pre>
 *
 * <p><strong>Order and uniqueness.</strong> One generator hands out strictly increasing ids,
 * from all threads together (the timestamp and the counter are one atomic value), in the
 * order of {@link UUID#compareTo}, which for these ids is also the byte order in which
 * PostgreSQL's {@code uuid} and SQLite's 16-byte blobs sort them. This is RFC 9562's method 1
 * (a fixed-length counter, section 6.2) with its rollover guard: the counter's first value in
 * a millisecond leaves room for at least 2,048 ids; when it overflows, the id takes the next
 * millisecond, so that the timestamp runs ahead of the clock only beyond about two million
 * ids a second, and falls back onto it when they slow down. Ids of one generator therefore
 * never repeat, whatever the random bits.
 *
 * <p>When the clock goes back (a manual correction, a virtual machine restored), the
 * generator counts on from the last timestamp it used instead of following the clock, so that
 * its ids still increase and stay unique; their timestamps are then ahead of the clock until
 * it has caught up. The timestamp is therefore about when an id was made, not a record of it:
 * the time an event was stored is {@link RecordedEvent#recordedAt()}. Ids of different
 * processes (or of generators of their own) are unique by their random bits only, 62 to 73 of
 * them per id within the same millisecond, as RFC 9562 designs it; their order among each
 * other is only as good as the machines' clocks.
 *
 * <p><strong>Randomness.</strong> The random bits come from one shared {@link SecureRandom},
 * the kind of source {@code UUID.randomUUID()} uses, so that ids of different processes do
 * not depend on a seed taken from a clock, and later ids cannot be guessed from earlier ones
 * (RFC 9562, section 6.9). Ten bytes are drawn per id, fewer than the sixteen of a random
 * UUID; on the project's machine that took about 150 ns an id against 190–300 ns for
 * {@code UUID.randomUUID()}, one or two threads, nothing next to a write to a database.
 */
public final class EventIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final EventIds SYSTEM = new EventIds(System::currentTimeMillis);
    private static final long MAX_TIMESTAMP = (1L << 48) - 1;
    private static final int COUNTER_BITS = 12;
    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

    /** Milliseconds since 1970-01-01T00:00Z. */
    private final LongSupplier clock;
    /** The timestamp (ms) and counter of the last id handed out: {@code timestamp << 12 | counter}. */
    private final AtomicLong last = new AtomicLong();

    private EventIds(LongSupplier clock) {
        this.clock = clock;
    }

    /** A time-ordered id from the process's generator on the system clock. */
    public static UUID timeOrdered() {
        return SYSTEM.next();
    }

    /** A random (version 4) id: {@link UUID#randomUUID()}, the default before time-ordered ids. */
    public static UUID random() {
        return UUID.randomUUID();
    }

    /**
     * A generator of time-ordered ids of its own, on {@code clock} (for tests, or a clock of
     * the application's). Its ids increase among themselves, not with those of other generators.
     */
    public static EventIds withClock(Clock clock) {
        if (clock == null) {
            throw new InvalidArgumentException("clock", "must not be null");
        }
        return new EventIds(clock::millis);
    }

    /** A generator of its own on a clock that reads milliseconds since 1970 (for core's tests). */
    static EventIds withMillis(LongSupplier millis) {
        return new EventIds(millis);
    }

    /**
     * The next id, greater than every id this generator handed out before.
     *
     * @throws IllegalStateException when the clock is before 1970 or after the year 10889,
     *                               which 48 bits of milliseconds cannot hold
     */
    public UUID next() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long now = clock.getAsLong();
        if (now < 0 || now > MAX_TIMESTAMP) {
            throw new IllegalStateException("the clock reads " + now + " ms since 1970, outside what a UUIDv7 holds");
        }
        long firstCounter = ((random[8] & 0x07) << 8) | (random[9] & 0xFF); // 0 to 2047: the rollover guard
        long previous;
        long current;
        do {
            previous = last.get();
            current = now > previous >>> COUNTER_BITS ? now << COUNTER_BITS | firstCounter : previous + 1;
        } while (!last.compareAndSet(previous, current));
        long timestamp = current >>> COUNTER_BITS;
        if (timestamp > MAX_TIMESTAMP) {
            throw new IllegalStateException("the id's timestamp ran past what a UUIDv7 holds");
        }
        long mostSignificant = timestamp << 16 | 0x7000L | (current & COUNTER_MASK);
        long leastSignificant = 0x8000_0000_0000_0000L | (ByteBuffer.wrap(random, 0, Long.BYTES).getLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(mostSignificant, leastSignificant);
    }

    /**
     * When a time-ordered id was made, to the millisecond (see the class description for what
     * this time is and is not).
     *
     * @throws InvalidArgumentException when {@code id} is not a version-7 UUID of RFC 9562's variant
     */
    public static Instant timestampOf(UUID id) {
        if (id == null) {
            throw new InvalidArgumentException("event id", "must not be null");
        }
        if (id.version() != 7 || id.variant() != 2) {
            throw new InvalidArgumentException("event id", "is not a time-ordered (version 7) UUID: " + id);
        }
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }
}

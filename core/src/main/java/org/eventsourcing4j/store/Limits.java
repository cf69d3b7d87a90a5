package org.eventsourcing4j.store;

import java.time.Instant;

/**
 * The documented input limits. They are the same for every store, so a batch accepted by
 * the in-memory store is accepted by SQLite and PostgreSQL too.
 */
public final class Limits {
    /** Longest stream id, in UTF-16 characters. */
    public static final int MAX_STREAM_ID_LENGTH = 200;
    /** Longest event type name, in UTF-16 characters. */
    public static final int MAX_EVENT_TYPE_LENGTH = 200;
    /** Largest event payload, in bytes of UTF-8 JSON (1 MiB). */
    public static final int MAX_EVENT_DATA_BYTES = 1024 * 1024;
    /*
     * The next three stay within Jackson's default read constraints (nesting depth, number
     * length, name length), so a payload any store accepts reads back with a default reader.
     */
    /** Deepest nesting of objects and arrays in an event payload, its own object being level 1. */
    public static final int MAX_EVENT_DATA_DEPTH = 500;
    /** Most digits in one payload number (integer, fraction and exponent digits together). */
    public static final int MAX_EVENT_DATA_NUMBER_DIGITS = 1000;
    /** Longest payload object key, in bytes of UTF-8 after decoding escapes. */
    public static final int MAX_EVENT_DATA_KEY_BYTES = 50_000;
    /** Longest correlation id, causation id or header name, in UTF-16 characters. */
    public static final int MAX_METADATA_ID_LENGTH = 200;
    /** Longest header value, in UTF-16 characters. */
    public static final int MAX_HEADER_VALUE_LENGTH = 4096;
    /** Most headers on one event. */
    public static final int MAX_HEADERS = 64;
    /** Most events in one append. */
    public static final int MAX_BATCH_SIZE = 10_000;
    /** Largest page a global-log read may ask for. */
    public static final int MAX_PAGE_SIZE = 10_000;

    /**
     * The earliest recorded-at time every store can keep (PostgreSQL's {@code timestamptz}
     * and SQLite's microseconds in a 64-bit integer reach further, {@code Instant} further
     * still). A store refuses to record at a time outside
     * {@code EARLIEST_RECORDED_AT..LATEST_RECORDED_AT} (a clock far off) with a
     * {@code StorageException}; time travel to an instant outside it is the same as to the
     * nearest end ({@link StreamQuery} clamps it).
     */
    public static final Instant EARLIEST_RECORDED_AT = Instant.parse("0001-01-01T00:00:00Z");

    /** The latest recorded-at time every store can keep; see {@link #EARLIEST_RECORDED_AT}. */
    public static final Instant LATEST_RECORDED_AT = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** {@code instant} moved into {@code EARLIEST_RECORDED_AT..LATEST_RECORDED_AT}. */
    public static Instant clampRecordedAt(Instant instant) {
        return instant.isBefore(EARLIEST_RECORDED_AT) ? EARLIEST_RECORDED_AT
                : instant.isAfter(LATEST_RECORDED_AT) ? LATEST_RECORDED_AT : instant;
    }

    /**
     * The time a store records an append at, from its clock: {@code now} truncated to
     * microseconds.
     *
     * @throws StorageException when the clock is outside the range every store can keep
     */
    public static Instant recordedAt(Instant now) {
        Instant truncated = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (truncated.isBefore(EARLIEST_RECORDED_AT) || truncated.isAfter(LATEST_RECORDED_AT)) {
            throw new StorageException("the store's clock says " + now + ", outside the recorded-at times every"
                    + " store can keep (" + EARLIEST_RECORDED_AT + " to " + LATEST_RECORDED_AT + "); nothing was"
                    + " written: fix the clock", null);
        }
        return truncated;
    }

    private Limits() {
    }
}

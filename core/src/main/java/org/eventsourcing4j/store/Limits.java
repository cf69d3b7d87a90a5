package org.eventsourcing4j.store;

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

    private Limits() {
    }
}

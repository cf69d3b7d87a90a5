package org.eventsourcing4j.store;

import java.time.Instant;

/**
 * Which events of one stream to read: versions {@code fromVersion..toVersion} (inclusive)
 * and, for time travel by instant, only those recorded at or before {@code recordedAtOrBefore}.
 *
 * @param recordedAtOrBefore null for no time limit. An instant outside the recorded-at times
 *                           stores keep ({@link Limits#EARLIEST_RECORDED_AT} ..
 *                           {@link Limits#LATEST_RECORDED_AT}) is moved to the nearer end,
 *                           which reads the same events: none before year 1, all after 9999
 */
public record StreamQuery(long fromVersion, long toVersion, Instant recordedAtOrBefore) {

    private static final StreamQuery ALL = new StreamQuery(1, Long.MAX_VALUE, null);

    public StreamQuery {
        if (fromVersion < 1) {
            throw new InvalidArgumentException("from version", "must be at least 1, got " + fromVersion);
        }
        if (toVersion < fromVersion - 1) {
            throw new InvalidArgumentException("to version",
                    "must not be below from version " + fromVersion + " minus one, got " + toVersion);
        }
        if (recordedAtOrBefore != null) {
            recordedAtOrBefore = Limits.clampRecordedAt(recordedAtOrBefore);
        }
    }

    /** Every event of the stream. */
    public static StreamQuery all() {
        return ALL;
    }

    /** Events from {@code version} (inclusive) on. */
    public static StreamQuery from(long version) {
        return new StreamQuery(version, Long.MAX_VALUE, null);
    }

    /** Events up to and including {@code version}: the state at that version. */
    public static StreamQuery upTo(long version) {
        if (version < 0) {
            throw new InvalidArgumentException("to version", "must not be negative, got " + version);
        }
        return new StreamQuery(1, version, null);
    }

    /** Events recorded at or before {@code instant}: the state as of that instant. */
    public static StreamQuery asOf(Instant instant) {
        if (instant == null) {
            throw new InvalidArgumentException("instant", "must not be null");
        }
        return new StreamQuery(1, Long.MAX_VALUE, instant);
    }

    public StreamQuery withFromVersion(long version) {
        return new StreamQuery(version, Math.max(toVersion, version - 1), recordedAtOrBefore);
    }

    public boolean matches(long version, Instant recordedAt) {
        return version >= fromVersion && version <= toVersion
                && (recordedAtOrBefore == null || !recordedAt.isAfter(recordedAtOrBefore));
    }
}

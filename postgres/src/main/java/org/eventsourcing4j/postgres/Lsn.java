package org.eventsourcing4j.postgres;

import java.util.regex.Pattern;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * A position in PostgreSQL's write-ahead log (a {@code pg_lsn}, written like {@code 0/3000148}):
 * where the primary has written to ({@link PostgresEventStore#currentLsn()}), or how far a
 * replica has replayed. A commit is visible on a replica once the replica has replayed the WAL
 * past the commit's record.
 *
 * @param value the byte position, at least 0
 */
public record Lsn(long value) implements Comparable<Lsn> {
    private static final Pattern TEXT = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    public Lsn {
        if (value < 0) {
            throw new InvalidArgumentException("LSN", "must not be negative, got " + value);
        }
    }

    /** {@code text} as PostgreSQL writes a {@code pg_lsn}: two hexadecimal halves, e.g. {@code 0/3000148}. */
    public static Lsn parse(String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            throw new InvalidArgumentException("LSN", "must look like 0/3000148, got " + text);
        }
        int slash = text.indexOf('/');
        long high = Long.parseLong(text.substring(0, slash), 16);
        long low = Long.parseLong(text.substring(slash + 1), 16);
        if (high > 0x7FFFFFFFL) {
            throw new InvalidArgumentException("LSN", "'" + text + "' is beyond the positions this type holds");
        }
        return new Lsn(high << 32 | low);
    }

    /** Whether the WAL up to here includes {@code other}. */
    public boolean isAtLeast(Lsn other) {
        return value >= other.value;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compare(value, other.value);
    }

    /** As PostgreSQL writes it, e.g. {@code 0/3000148}. */
    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}

package org.eventsourcing4j.store;

/**
 * A position in the global log, totally ordered, that a subscriber checkpoints.
 *
 * <p>Each store defines its meaning. PostgreSQL orders the log by the pair
 * (transaction id, position), because identity values are handed out at insert and not at
 * commit; stores whose position is allocated in commit order (in-memory, SQLite) use
 * {@code txId = 0}. {@link #position()} is always the plain numeric position people read.
 * {@link #asString()} / {@link #parse(String)} round-trip it for checkpoint storage.
 */
public record LogPosition(long txId, long position) implements Comparable<LogPosition> {

    /** Before the first event of any log. */
    public static final LogPosition START = new LogPosition(0, 0);

    public LogPosition {
        if (txId < 0 || position < 0) {
            throw new InvalidArgumentException("log position",
                    "must not be negative, got " + txId + ":" + position);
        }
    }

    /** A position in a store that allocates positions in commit order. */
    public static LogPosition of(long position) {
        return new LogPosition(0, position);
    }

    public static LogPosition parse(String text) {
        if (text == null) {
            throw new InvalidArgumentException("log position", "must not be null");
        }
        int colon = text.indexOf(':');
        try {
            if (colon < 0) {
                return of(Long.parseLong(text));
            }
            return new LogPosition(Long.parseLong(text.substring(0, colon)),
                    Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("log position", "'" + text + "' is not 'position' or 'txId:position'");
        }
    }

    public String asString() {
        return txId == 0 ? Long.toString(position) : txId + ":" + position;
    }

    public boolean isAfter(LogPosition other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(LogPosition other) {
        int byTx = Long.compare(txId, other.txId);
        return byTx != 0 ? byTx : Long.compare(position, other.position);
    }

    @Override
    public String toString() {
        return asString();
    }
}

package org.eventsourcing4j.store;

/**
 * A stream's lifecycle state.
 *
 * @param status       live, deleted (tombstoned), erased (hard-deleted) or archived
 * @param firstVersion the lowest version a read may start at: 1, or the version the stream
 *                     was truncated before
 */
public record StreamState(Status status, long firstVersion) {

    public enum Status { LIVE, DELETED, ERASED, ARCHIVED }

    private static final StreamState LIVE = new StreamState(Status.LIVE, 1);

    public StreamState {
        org.eventsourcing4j.support.Checks.notNull(status, "status");
        if (firstVersion < 1) {
            throw new InvalidArgumentException("first version", "must be at least 1, got " + firstVersion);
        }
    }

    /** A stream that was never retired nor truncated. */
    public static StreamState live() {
        return LIVE;
    }

    /** Whether reads and appends are refused as deleted (soft or hard). */
    public boolean isDeleted() {
        return status == Status.DELETED || status == Status.ERASED;
    }

    /** Whether appends are refused. */
    public boolean isRetired() {
        return status != Status.LIVE;
    }

    /** Whether events below some version were removed. */
    public boolean isTruncated() {
        return firstVersion > 1;
    }
}

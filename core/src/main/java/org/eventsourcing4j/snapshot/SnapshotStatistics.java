package org.eventsourcing4j.snapshot;

/**
 * What a repository's snapshots did since it was created.
 *
 * @param taken   snapshots written
 * @param failed  snapshot store operations that threw (writes, deletes, reads; a read that
 *                fails falls back to the events) and snapshots dropped because the executor
 *                refused them; each is logged, none fails a command
 * @param ignored snapshots found unreadable and ignored: corrupt, another revision or type,
 *                or not matching the stream (e.g. beyond its current version); each is
 *                logged and replaced
 * @param used    rebuilds that started from a snapshot: loads, and the rebuilds behind
 *                snapshots taken after saves
 */
public record SnapshotStatistics(long taken, long failed, long ignored, long used) {

    public static final SnapshotStatistics NONE = new SnapshotStatistics(0, 0, 0, 0);
}

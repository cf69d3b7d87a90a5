package org.eventsourcing4j.snapshot;

import org.eventsourcing4j.store.StreamId;

/** The moment a {@link SnapshotPolicy} is asked whether to take a snapshot. */
public sealed interface SnapshotTrigger permits SnapshotTrigger.Loaded, SnapshotTrigger.Saved {

    StreamId stream();

    /** The aggregate's version, which a snapshot taken now would have. */
    long version();

    /**
     * The latest state was loaded (not a time-travel load).
     *
     * @param replayedEvents stored events applied during the load: those after the snapshot it
     *                       started from, or all of them when it started from none
     */
    record Loaded(StreamId stream, long version, long replayedEvents) implements SnapshotTrigger {
    }

    /** A save committed and moved the stream from {@code previousVersion} to {@code version}. */
    record Saved(StreamId stream, long previousVersion, long version) implements SnapshotTrigger {
    }
}

package org.eventsourcing4j.snapshot;

import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * When the repository takes a snapshot. It asks after every load of the latest state and
 * after every committed save; a policy is any function of that {@link SnapshotTrigger}.
 * Whatever the policy, an unreadable snapshot found by a load is always replaced.
 *
 * <pre>{@code
 * SnapshotPolicy nightly = trigger -> trigger instanceof SnapshotTrigger.Loaded && isNight();
 * }</pre>
 */
@FunctionalInterface
public interface SnapshotPolicy {

    /** The seed's rule: after a load that replayed more than 100 events. */
    SnapshotPolicy DEFAULT = afterReplayingMoreThan(100);

    boolean shouldSnapshot(SnapshotTrigger trigger);

    /**
     * After a load that replayed more than {@code events} events: a snapshot is written when
     * reading is slow, so an aggregate that is never loaded never gets one.
     */
    static SnapshotPolicy afterReplayingMoreThan(long events) {
        requirePositive(events);
        return trigger -> trigger instanceof SnapshotTrigger.Loaded loaded && loaded.replayedEvents() > events;
    }

    /**
     * After each save that reaches or passes a multiple of {@code events} (versions
     * {@code events}, {@code 2 * events}, ...; a batch that jumps over several takes one).
     */
    static SnapshotPolicy everyEvents(long events) {
        requirePositive(events);
        return trigger -> trigger instanceof SnapshotTrigger.Saved saved
                && saved.previousVersion() / events < saved.version() / events;
    }

    /** No snapshots, except replacements of unreadable ones and explicit {@code takeSnapshot} calls. */
    static SnapshotPolicy never() {
        return trigger -> false;
    }

    /** Either policy. */
    default SnapshotPolicy or(SnapshotPolicy other) {
        if (other == null) {
            throw new InvalidArgumentException("policy", "must not be null");
        }
        return trigger -> shouldSnapshot(trigger) || other.shouldSnapshot(trigger);
    }

    private static void requirePositive(long events) {
        if (events < 1) {
            throw new InvalidArgumentException("events", "must be at least 1, got " + events);
        }
    }
}

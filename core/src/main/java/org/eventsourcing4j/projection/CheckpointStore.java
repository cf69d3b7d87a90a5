package org.eventsourcing4j.projection;

import org.eventsourcing4j.store.LogPosition;

/**
 * Where subscriptions keep their checkpoints: for each name, the highest log position up
 * to which everything was processed. A checkpoint is never ahead of what was processed.
 *
 * <p>Writes are compare-and-set, so an instance that lost its lease to another one cannot
 * move a checkpoint it no longer owns (fencing).
 */
public interface CheckpointStore {

    /** The stored checkpoint, {@link LogPosition#START} when there is none. */
    LogPosition load(String name);

    /**
     * Stores {@code next} if the checkpoint is still {@code expected} ({@code START} also
     * matches a checkpoint that was never stored).
     *
     * @return false, storing nothing, when the checkpoint had moved
     */
    boolean compareAndSet(String name, LogPosition expected, LogPosition next);

    /** Forgets the checkpoint, so the subscription starts from the beginning. */
    void reset(String name);
}

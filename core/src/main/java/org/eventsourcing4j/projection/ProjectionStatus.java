package org.eventsourcing4j.projection;

import java.time.Duration;
import org.eventsourcing4j.store.LogPosition;

/**
 * A snapshot of one projection's progress and health.
 *
 * @param head        the last committed event's position, whether readers can see it yet or
 *                    not ({@code GlobalLogReader#lastCommittedPosition})
 * @param lagEvents   how many log positions the checkpoint is behind the head (approximate
 *                    where positions have gaps, as on PostgreSQL): not zero while committed
 *                    events wait above a held-back horizon
 * @param lag         how old the oldest event not yet processed is; zero when caught up
 * @param lastError   the last handler error, or null
 * @param waitingFor  why the projection is waiting, when it is (e.g. the lease, or a
 *                    transaction holding the log's horizon back), or null
 * @param heldBackFor how long the log has held the caught-up projection back (on PostgreSQL,
 *                    the age of the transaction holding the horizon); zero when nothing does
 */
public record ProjectionStatus(
        String name,
        State state,
        LogPosition checkpoint,
        LogPosition head,
        long lagEvents,
        Duration lag,
        long processed,
        long skipped,
        long parked,
        long retried,
        String lastError,
        String waitingFor,
        Duration heldBackFor) {

    public enum State {
        /** Created, not started. */
        NEW,
        /** Started; has not read yet. */
        STARTING,
        /** Waiting for the lease another instance holds. */
        WAITING_FOR_LEASE,
        /** Reading full pages behind the head. */
        CATCHING_UP,
        /** At the head, following new appends. */
        RUNNING,
        /** Paused by an operator ({@link ProjectionControl}): holds its lease and checkpoint, reads nothing. */
        PAUSED,
        /** Stopped on request. */
        STOPPED,
        /**
         * Stopped on an event its handler kept failing on (policy STOP). With a
         * {@link ProjectionControl} the runner waits for an operator's restart, rebuild or reset.
         */
        FAILED
    }
}

package org.eventsourcing4j.projection;

import java.util.List;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Where a projection's effects and its checkpoint are committed. A read model in the
 * event store's own database commits both in one transaction (exactly-once effect, see
 * {@code org.eventsourcing4j.jdbc.JdbcProjectionTarget}); a read model elsewhere applies
 * the events, then moves the checkpoint (at-least-once, see {@link CheckpointedTarget}).
 */
public interface ProjectionTarget {

    /** The position to resume after; {@link LogPosition#START} when nothing was processed. */
    LogPosition checkpoint();

    /**
     * Applies {@code events} (possibly none, to move past events that were filtered out,
     * parked or skipped) and moves the checkpoint from {@code from} to {@code to}.
     *
     * @return false, applying nothing, when the checkpoint was no longer {@code from}:
     *         another instance took the projection over
     * @throws RuntimeException what a handler threw; nothing of the call is committed where the
     *                          target is transactional
     */
    boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to);

    /** Applies one parked event again without moving the checkpoint (replay from the dead-letter store). */
    void applyAgain(RecordedEvent event);

    /**
     * Replays a parked event: applies it again and removes it from {@code deadLetters}. A
     * target whose read model lives beside the dead-letter table does both in one
     * transaction, so a crash never applies a replayed event twice; this default applies,
     * then removes (a crash between them applies it again at the next replay).
     */
    default void replay(ParkedEvent parked, DeadLetterStore deadLetters) {
        applyAgain(parked.event());
        deadLetters.remove(parked.projection(), parked.event().eventId());
    }

    /** Clears the read model and the checkpoint, so the projection is rebuilt from the start. */
    void reset();
}

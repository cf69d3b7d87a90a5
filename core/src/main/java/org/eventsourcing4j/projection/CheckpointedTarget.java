package org.eventsourcing4j.projection;

import java.util.List;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.projection.CheckpointStore;

/**
 * A projection into something outside the event store's database: the handler runs, then
 * the checkpoint moves. A crash between the two delivers those events again
 * (at-least-once), so the handler must be idempotent — the event id is there for that.
 */
public final class CheckpointedTarget implements ProjectionTarget {
    private final String name;
    private final EventHandler handler;
    private final CheckpointStore checkpoints;
    private final Runnable resetReadModel;

    /**
     * @param resetReadModel clears the read model for a rebuild
     */
    public CheckpointedTarget(String name, EventHandler handler, CheckpointStore checkpoints, Runnable resetReadModel) {
        this.name = Checks.notNull(name, "name");
        this.handler = Checks.notNull(handler, "handler");
        this.checkpoints = Checks.notNull(checkpoints, "checkpoint store");
        this.resetReadModel = Checks.notNull(resetReadModel, "reset");
    }

    @Override
    public LogPosition checkpoint() {
        return checkpoints.load(name);
    }

    @Override
    public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
        // Check ownership first so a fenced-off instance does not apply the page at all.
        if (!checkpoints.load(name).equals(from)) {
            return false;
        }
        LogPosition done = from;
        for (RecordedEvent event : events) {
            try {
                handler.handle(event);
            } catch (RuntimeException e) {
                // Keep what was applied, so the runner does not deliver it again.
                if (!done.equals(from)) {
                    checkpoints.compareAndSet(name, from, done);
                }
                throw e;
            }
            done = event.logPosition();
        }
        return checkpoints.compareAndSet(name, from, to);
    }

    @Override
    public void applyAgain(RecordedEvent event) {
        handler.handle(event);
    }

    @Override
    public void reset() {
        resetReadModel.run();
        checkpoints.reset(name);
    }
}

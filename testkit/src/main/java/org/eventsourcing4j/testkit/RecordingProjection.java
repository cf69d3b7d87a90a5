package org.eventsourcing4j.testkit;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * A projection for the {@link ProjectionContract}: its read model records the id of every
 * event applied, in the order applied, wherever the store under test keeps read models.
 */
public interface RecordingProjection {

    ProjectionTarget target();

    /** The ids of the events whose effect was committed, in the order they were applied. */
    List<UUID> applied();

    /** Makes the handler throw for matching events, at most {@code times} times. */
    void failOn(Predicate<RecordedEvent> events, int times);
}

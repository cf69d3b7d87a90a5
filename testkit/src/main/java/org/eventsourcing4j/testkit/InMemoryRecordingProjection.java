package org.eventsourcing4j.testkit;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eventsourcing4j.projection.CheckpointedTarget;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.projection.CheckpointStore;

/** A {@link RecordingProjection} in memory, checkpointed in a {@link CheckpointStore} (at-least-once target). */
public final class InMemoryRecordingProjection implements RecordingProjection {
    private final List<UUID> applied = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile Predicate<RecordedEvent> failOn = e -> false;
    private final ProjectionTarget target;

    public InMemoryRecordingProjection(String name, CheckpointStore checkpoints) {
        this.target = new CheckpointedTarget(name, event -> {
            if (failOn.test(event) && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("poison " + event.type() + " " + event.eventId());
            }
            applied.add(event.eventId());
        }, checkpoints, applied::clear);
    }

    @Override
    public ProjectionTarget target() {
        return target;
    }

    @Override
    public List<UUID> applied() {
        return List.copyOf(applied);
    }

    @Override
    public void failOn(Predicate<RecordedEvent> events, int times) {
        failures.set(times);
        failOn = events;
    }
}

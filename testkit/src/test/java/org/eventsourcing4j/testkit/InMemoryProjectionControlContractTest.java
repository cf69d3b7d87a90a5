package org.eventsourcing4j.testkit;

import java.time.Clock;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;
import org.eventsourcing4j.projection.InMemoryProjectionControl;
import org.eventsourcing4j.projection.ProjectionControl;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;

class InMemoryProjectionControlContractTest extends ProjectionControlContract {
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

    @Override
    protected EventStore newStore(Clock clock) {
        return new InMemoryEventStore(clock);
    }

    @Override
    protected ProjectionControl newControl(EventStore store) {
        return new InMemoryProjectionControl();
    }

    @Override
    protected RecordingProjection newProjection(EventStore store, String name) {
        return new InMemoryRecordingProjection(name, checkpoints);
    }
}

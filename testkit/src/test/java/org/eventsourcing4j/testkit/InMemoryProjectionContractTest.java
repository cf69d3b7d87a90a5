package org.eventsourcing4j.testkit;

import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;

class InMemoryProjectionContractTest extends ProjectionContract {
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

    @Override
    protected EventStore newStore(Clock clock) {
        return new InMemoryEventStore(clock);
    }

    @Override
    protected RecordingProjection newProjection(EventStore store, String name) {
        return new InMemoryRecordingProjection(name, checkpoints);
    }
}

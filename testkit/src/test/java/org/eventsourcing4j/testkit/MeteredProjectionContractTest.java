package org.eventsourcing4j.testkit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.store.metrics.MeteredEventStore;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;

/**
 * Projections through the metering wrapper over a store that sends no append
 * notifications, so that the runner is woken by the wrapper's own.
 */
class MeteredProjectionContractTest extends ProjectionContract {
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

    @Override
    protected EventStore newStore(Clock clock) {
        EventStore withoutNotifications = new ForwardingEventStore(new InMemoryEventStore(clock)) { };
        return MeteredEventStore.of(withoutNotifications, new SimpleMeterRegistry());
    }

    @Override
    protected RecordingProjection newProjection(EventStore store, String name) {
        return new InMemoryRecordingProjection(name, checkpoints);
    }
}

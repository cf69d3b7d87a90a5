package org.eventsourcing4j.testkit;

import org.eventsourcing4j.projection.InMemoryCheckpointStore;
import org.eventsourcing4j.projection.InMemorySegmentClaims;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;

/** The partitioned projection contract with every instance in memory: one set of claims, shared. */
class InMemoryPartitionedProjectionContractTest extends PartitionedProjectionContract {
    private SegmentClaims claims;

    @Override
    protected EventStore newStore() {
        claims = new InMemorySegmentClaims(new InMemoryCheckpointStore());
        return new InMemoryEventStore();
    }

    @Override
    protected SegmentClaims newClaims(EventStore store) {
        return claims;
    }

    @Override
    protected SegmentRecording newRecording(EventStore store) {
        return new InMemorySegmentRecording();
    }
}

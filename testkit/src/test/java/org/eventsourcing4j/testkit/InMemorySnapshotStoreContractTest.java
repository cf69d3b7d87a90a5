package org.eventsourcing4j.testkit;

import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotStore;

class InMemorySnapshotStoreContractTest extends SnapshotStoreContract {
    @Override
    protected SnapshotStore newStore(int retainedPerStream) {
        return new InMemorySnapshotStore(retainedPerStream);
    }
}

package org.eventsourcing4j.testkit;

import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;

class InMemoryDcbContractTest extends DcbContract {
    @Override
    protected EventStore newStore(Clock clock) {
        return new InMemoryEventStore(clock);
    }
}

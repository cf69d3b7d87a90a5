package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.store.metrics.MeteredEventStore;

/** The whole contract through the metering wrapper: it must not change what the store does. */
class MeteredEventStoreContractTest extends EventStoreContract implements AppendNotifierContract {
    private SimpleMeterRegistry registry;

    @Override
    protected EventStore newStore(Clock clock) {
        registry = new SimpleMeterRegistry();
        return MeteredEventStore.of(new InMemoryEventStore(clock), registry, "contract");
    }

    /** Every stored event went through the wrapper's append (retries count again, so at least as many). */
    @Override
    protected void disposeStore(EventStore store) {
        long stored = store.headPosition().position();
        double counted = registry.get("eventsourcing4j.store.events.appended").tag("store", "contract")
                .counter().count();
        store.close();
        assertThat(counted).as("events counted as appended").isGreaterThanOrEqualTo((double) stored);
    }
}

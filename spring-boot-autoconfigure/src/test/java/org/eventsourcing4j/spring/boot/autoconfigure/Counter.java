package org.eventsourcing4j.spring.boot.autoconfigure;

import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.AggregateType;
import org.eventsourcing4j.aggregate.EventHandlers;
import org.eventsourcing4j.snapshot.SnapshotType;

/** A counter aggregate for the tests. */
final class Counter extends AggregateRoot<Counter.Event> {
    sealed interface Event permits Incremented {
    }

    record Incremented() implements Event {
    }

    static final AggregateType<Counter, Event> TYPE = AggregateType.of("counter", Event.class, Counter::new);

    private static final EventHandlers<Counter, Event> HANDLERS = EventHandlers.builder(Counter.class, Event.class)
            .on(Incremented.class, (counter, incremented) -> counter.count++)
            .build();

    /** The state of a counter, as a snapshot (and in a repository's cache). */
    record State(int count) {
    }

    static final SnapshotType<Counter, State> SNAPSHOT = SnapshotType.of("CounterSnapshot", 1, State.class,
            counter -> new State(counter.count), Counter::new);

    private int count;

    Counter(String id) {
        super(id);
    }

    private Counter(String id, long version, State state) {
        super(id, version);
        count = state.count();
    }

    void increment() {
        raise(new Incremented());
    }

    int count() {
        return count;
    }

    @Override
    protected void apply(Event event) {
        HANDLERS.apply(this, event);
    }
}

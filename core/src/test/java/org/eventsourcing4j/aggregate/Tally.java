package org.eventsourcing4j.aggregate;

import org.eventsourcing4j.snapshot.SnapshotType;

/** A small aggregate for the tests: a labelled tally that counts up until it is stopped. */
final class Tally extends AggregateRoot<Tally.Event> {

    sealed interface Event permits Started, Counted, Stopped {
    }

    record Started(String label) implements Event {
    }

    record Counted(int amount) implements Event {
    }

    record Stopped() implements Event {
    }

    static final AggregateType<Tally, Event> TYPE = AggregateType.of("tally", Event.class, Tally::new);

    /** The state of a tally as a snapshot. */
    record State(String label, boolean running, int total) {
    }

    static final SnapshotType<Tally, State> SNAPSHOT =
            SnapshotType.of("TallySnapshot", 1, State.class, Tally::state, Tally::new);

    private static final EventHandlers<Tally, Event> HANDLERS = EventHandlers.builder(Tally.class, Event.class)
            .on(Started.class, Tally::started)
            .on(Counted.class, Tally::counted)
            .on(Stopped.class, (tally, stopped) -> tally.running = false)
            .build();

    private String label;
    private boolean running;
    private int total;

    Tally(String id) {
        super(id);
    }

    private Tally(String id, long version, State state) {
        super(id, version);
        label = state.label();
        running = state.running();
        total = state.total();
    }

    State state() {
        return new State(label, running, total);
    }

    void start(String newLabel) {
        if (label != null) {
            throw new IllegalStateException("already started");
        }
        raise(new Started(newLabel));
    }

    void count(int amount) {
        if (!running) {
            throw new IllegalStateException("not running");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        raise(new Counted(amount));
    }

    void stop() {
        if (!running) {
            throw new IllegalStateException("not running");
        }
        raise(new Stopped());
    }

    @Override
    protected void apply(Event event) {
        HANDLERS.apply(this, event);
    }

    private void started(Started event) {
        label = event.label();
        running = true;
    }

    private void counted(Counted event) {
        total += event.amount();
    }

    String label() {
        return label;
    }

    boolean running() {
        return running;
    }

    int total() {
        return total;
    }
}

package org.eventsourcing4j.testkit;

import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.UnhandledEventException;

/** A tiny aggregate for the fixture tests, with deliberate defects switched on by flags. */
class Lamp extends AggregateRoot<Lamp.Event> {

    sealed interface Event permits SwitchedOn, SwitchedOff, Dimmed {
    }

    record SwitchedOn(int brightness) implements Event {
    }

    record SwitchedOff() implements Event {
    }

    record Dimmed(int by) implements Event {
    }

    private boolean on;
    private int brightness;

    Lamp(String id) {
        super(id);
    }

    void switchOn(int level) {
        if (on) {
            throw new IllegalStateException("already on");
        }
        raise(new SwitchedOn(level));
    }

    /** Defect: raises before it checks, so a failure leaves an event behind. */
    void dimCarelessly(int by) {
        raise(new Dimmed(by));
        throw new IllegalStateException("too dark");
    }

    @Override
    protected void apply(Event event) {
        // Hand-written dispatch; Dimmed is left out on purpose for the handling check.
        if (event instanceof SwitchedOn switchedOn) {
            on = true;
            brightness = switchedOn.brightness();
        } else if (event instanceof SwitchedOff) {
            on = false;
        } else if (event instanceof Dimmed dimmed && brightness >= 0) {
            brightness -= dimmed.by();
        } else {
            throw new UnhandledEventException(Lamp.class, event);
        }
    }

    boolean isOn() {
        return on;
    }

    int brightness() {
        return brightness;
    }
}

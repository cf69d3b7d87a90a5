package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.testkit.Lamp.Dimmed;
import org.eventsourcing4j.testkit.Lamp.SwitchedOff;
import org.eventsourcing4j.testkit.Lamp.SwitchedOn;
import org.junit.jupiter.api.Test;

class EventHandlingCheckTest {

    /** Handles Dimmed only while brightness is not negative: its handler "fails" on a dark lamp. */
    private static final class DarkLamp extends Lamp {
        DarkLamp(String id) {
            super(id);
            loadFromHistory(List.of(new SwitchedOn(-1)));
        }
    }

    @Test
    void passes_when_every_permitted_type_has_a_sample_that_applies() {
        EventHandlingCheck.assertHandlesEveryEventType(Lamp.Event.class, Lamp::new,
                List.of(new SwitchedOn(1), new SwitchedOff(), new Dimmed(1)));
    }

    @Test
    void fails_for_a_type_without_a_sample() {
        assertThatThrownBy(() -> EventHandlingCheck.assertHandlesEveryEventType(Lamp.Event.class, Lamp::new,
                List.of(new SwitchedOn(1))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no sample of SwitchedOff")
                .hasMessageContaining("no sample of Dimmed");
    }

    @Test
    void fails_for_a_type_the_apply_step_does_not_handle() {
        assertThatThrownBy(() -> EventHandlingCheck.assertHandlesEveryEventType(Lamp.Event.class, DarkLamp::new,
                List.of(new SwitchedOn(1), new SwitchedOff(), new Dimmed(1))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Lamp does not handle events of type " + Dimmed.class.getName());
    }

    @Test
    void fails_for_an_event_type_that_is_not_sealed() {
        Function<String, AggregateRoot<Object>> anything = id -> new AggregateRoot<>(id) {
            @Override
            protected void apply(Object event) {
            }
        };

        assertThatThrownBy(() -> EventHandlingCheck.assertHandlesEveryEventType(Object.class, anything, List.of()))
                .hasMessageContaining("is not sealed");
    }
}

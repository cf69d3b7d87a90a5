package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.testkit.Lamp.Dimmed;
import org.eventsourcing4j.testkit.Lamp.SwitchedOff;
import org.eventsourcing4j.testkit.Lamp.SwitchedOn;
import org.junit.jupiter.api.Test;

class AggregateFixtureTest {

    private final AggregateFixture<Lamp, Lamp.Event> lamp = AggregateFixture.forAggregate(Lamp::new);

    @Test
    void passes_when_the_command_raises_exactly_the_expected_events() {
        lamp.given(new SwitchedOn(5), new SwitchedOff())
                .when(l -> l.switchOn(7))
                .thenEvents(new SwitchedOn(7))
                .thenState(l -> assertThat(l.brightness()).isEqualTo(7));
    }

    @Test
    void fails_when_the_events_differ() {
        assertThatThrownBy(() -> lamp.when(l -> l.switchOn(7)).thenEvents(new SwitchedOn(8)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SwitchedOn[brightness=8]");
        assertThatThrownBy(() -> lamp.when(l -> l.switchOn(7)).thenNoEvents())
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void fails_when_events_were_expected_but_the_command_threw() {
        assertThatThrownBy(() -> lamp.given(new SwitchedOn(1)).when(l -> l.switchOn(2)).thenEvents(new SwitchedOn(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but it threw java.lang.IllegalStateException: already on");
    }

    @Test
    void checks_the_error_type_and_returns_it() {
        IllegalStateException e = lamp.given(new SwitchedOn(1)).when(l -> l.switchOn(2))
                .thenFails(IllegalStateException.class);
        assertThat(e).hasMessage("already on");

        assertThatThrownBy(() -> lamp.when(l -> l.switchOn(2)).thenFails(IllegalStateException.class))
                .isInstanceOf(AssertionError.class).hasMessageContaining("but it succeeded and raised");
        assertThatThrownBy(() -> lamp.given(new SwitchedOn(1)).when(l -> l.switchOn(2))
                .thenFails(IllegalArgumentException.class))
                .isInstanceOf(AssertionError.class).hasMessageContaining("but it threw");
    }

    @Test
    void a_failing_command_must_raise_nothing() {
        assertThatThrownBy(() -> lamp.given(new SwitchedOn(1)).when(l -> l.dimCarelessly(5))
                .thenFails(IllegalStateException.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Dimmed[by=5]");
    }

    @Test
    void can_check_that_events_survive_the_codec() {
        EventTypeRegistry onlyOn = EventTypeRegistry.builder().register(SwitchedOn.class, "SwitchedOn").build();
        AggregateFixture<Lamp, Lamp.Event> strict = lamp.roundTripThrough(new JacksonEventCodec(onlyOn));

        strict.when(l -> l.switchOn(3)).thenEvents(new SwitchedOn(3));
        assertThatThrownBy(() -> strict.given(new SwitchedOff()).givenState())
                .hasMessageContaining(SwitchedOff.class.getName() + " is not registered");
    }

    @Test
    void given_returns_a_new_fixture_and_leaves_the_template_alone() {
        AggregateFixture<Lamp, Lamp.Event> on = lamp.given(new SwitchedOn(4));

        assertThat(on.given(new Dimmed(1)).givenState().version()).isEqualTo(2);
        assertThat(on.givenState().version()).isEqualTo(1);
        assertThat(lamp.givenState().version()).isZero();
        assertThat(lamp.withId("lamp-9").givenState().id()).isEqualTo("lamp-9");
    }
}

package org.eventsourcing4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.eventsourcing4j.aggregate.Tally.Counted;
import org.eventsourcing4j.aggregate.Tally.Started;
import org.eventsourcing4j.aggregate.Tally.Stopped;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class AggregateRootTest {

    @Test
    void a_command_applies_its_event_and_keeps_it_uncommitted_without_changing_the_version() {
        Tally tally = new Tally("t1");

        tally.start("visitors");
        tally.count(3);

        assertThat(tally.total()).isEqualTo(3);
        assertThat(tally.uncommittedEvents()).containsExactly(new Started("visitors"), new Counted(3));
        assertThat(tally.version()).isZero();
    }

    @Test
    void loading_history_replays_state_without_recording_anything_as_uncommitted() {
        Tally tally = new Tally("t1");

        tally.loadFromHistory(List.of(new Started("visitors"), new Counted(2), new Counted(5)));

        assertThat(tally.total()).isEqualTo(7);
        assertThat(tally.version()).isEqualTo(3);
        assertThat(tally.uncommittedEvents()).isEmpty();
        assertThat(tally.hasUncommittedEvents()).isFalse();
    }

    @Test
    void marking_committed_moves_the_version_past_the_saved_events() {
        Tally tally = new Tally("t1");
        tally.loadFromHistory(List.of(new Started("visitors")));
        tally.count(1);
        tally.count(1);

        tally.markCommitted();

        assertThat(tally.version()).isEqualTo(3);
        assertThat(tally.uncommittedEvents()).isEmpty();
    }

    @Test
    void one_stored_event_may_replay_as_several_domain_events_at_one_version() {
        Tally tally = new Tally("t1");

        tally.replay(1, List.of(new Started("visitors"), new Counted(4)));

        assertThat(tally.version()).isEqualTo(1);
        assertThat(tally.total()).isEqualTo(4);
    }

    @Test
    void replay_needs_the_next_version_and_no_uncommitted_events() {
        Tally tally = new Tally("t1");
        tally.replay(1, List.of(new Started("visitors")));

        assertThatThrownBy(() -> tally.replay(3, List.of(new Counted(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the next stored event must be version 2, got 3");
        assertThatThrownBy(() -> tally.replay(1, List.of(new Counted(1))))
                .isInstanceOf(IllegalStateException.class);
        tally.count(1);
        assertThatThrownBy(() -> tally.replay(2, List.of(new Counted(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 uncommitted events");
        assertThat(tally.total()).isEqualTo(1);
    }

    @Test
    void a_rule_violation_raises_nothing() {
        Tally tally = new Tally("t1");
        tally.loadFromHistory(List.of(new Started("visitors"), new Stopped()));

        assertThatThrownBy(() -> tally.count(1)).isInstanceOf(IllegalStateException.class);
        assertThat(tally.uncommittedEvents()).isEmpty();
    }

    @Test
    void ids_are_checked_and_an_event_type_without_handler_is_an_error() {
        assertThatThrownBy(() -> new Tally(" ")).isInstanceOf(InvalidArgumentException.class);

        AggregateRoot<Object> handlesNothing = new AggregateRoot<>("x") {
            @Override
            protected void apply(Object event) {
                throw new UnhandledEventException(getClass(), event);
            }
        };
        assertThatThrownBy(() -> handlesNothing.loadFromHistory(List.of(new Counted(1))))
                .isInstanceOf(UnhandledEventException.class)
                .hasMessageContaining("does not handle events of type " + Counted.class.getName());
        assertThat(handlesNothing.version()).isZero();
    }
}

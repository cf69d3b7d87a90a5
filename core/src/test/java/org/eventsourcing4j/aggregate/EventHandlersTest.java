package org.eventsourcing4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class EventHandlersTest {

    sealed interface Shape permits Circle, Polygon {
    }

    record Circle(int radius) implements Shape {
    }

    sealed interface Polygon extends Shape permits Square, Triangle {
    }

    record Square(int side) implements Polygon {
    }

    record Triangle(int base) implements Polygon {
    }

    /** Collects what it was given. */
    static final class Log {
        final List<String> entries = new ArrayList<>();
    }

    @Test
    void dispatches_each_event_to_its_handler() {
        EventHandlers<Log, Shape> handlers = EventHandlers.builder(Log.class, Shape.class)
                .on(Circle.class, (log, circle) -> log.entries.add("circle " + circle.radius()))
                .on(Square.class, (log, square) -> log.entries.add("square " + square.side()))
                .on(Triangle.class, (log, triangle) -> log.entries.add("triangle " + triangle.base()))
                .build();
        Log log = new Log();

        handlers.apply(log, new Square(2));
        handlers.apply(log, new Circle(1));

        assertThat(log.entries).containsExactly("square 2", "circle 1");
        assertThat(handlers.handledTypes()).containsExactly(Circle.class, Square.class, Triangle.class);
    }

    @Test
    void a_handler_for_a_sealed_subtype_covers_its_permitted_types() {
        EventHandlers<Log, Shape> handlers = EventHandlers.builder(Log.class, Shape.class)
                .on(Circle.class, (log, circle) -> log.entries.add("circle"))
                .on(Polygon.class, (log, polygon) -> log.entries.add("polygon"))
                .build();
        Log log = new Log();

        handlers.apply(log, new Triangle(3));

        assertThat(log.entries).containsExactly("polygon");
    }

    @Test
    void building_fails_when_a_permitted_type_has_no_handler() {
        EventHandlers.Builder<Log, Shape> builder = EventHandlers.builder(Log.class, Shape.class)
                .on(Square.class, (log, square) -> log.entries.add("square"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Log has no handler for Circle, Triangle of Shape");
    }

    @Test
    void refuses_two_handlers_for_one_type_and_event_types_that_are_not_sealed() {
        EventHandlers.Builder<Log, Shape> builder = EventHandlers.builder(Log.class, Shape.class)
                .on(Circle.class, (log, circle) -> { });

        assertThatThrownBy(() -> builder.on(Circle.class, (log, circle) -> { }))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("has two handlers");
        assertThatThrownBy(() -> EventHandlers.builder(Log.class, Runnable.class))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is not sealed");
    }

    @Test
    void applying_null_is_an_unhandled_event() {
        EventHandlers<Log, Shape> handlers = EventHandlers.builder(Log.class, Shape.class)
                .on(Shape.class, (log, shape) -> log.entries.add("shape"))
                .build();

        assertThatThrownBy(() -> handlers.apply(new Log(), null)).isInstanceOf(UnhandledEventException.class);
    }
}

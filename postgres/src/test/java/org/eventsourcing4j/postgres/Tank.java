package org.eventsourcing4j.postgres;

import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.AggregateType;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;

/** A small aggregate for the repository tests on PostgreSQL: a tank that is filled. */
final class Tank extends AggregateRoot<Tank.Event> {

    sealed interface Event permits Filled {
    }

    record Filled(int litres) implements Event {
    }

    static final AggregateType<Tank, Event> TYPE = AggregateType.of("tank", Event.class, Tank::new);
    static final JacksonEventCodec CODEC = new JacksonEventCodec(EventTypeRegistry.builder()
            .register(Filled.class, "TankFilled").build());

    private int litres;

    Tank(String id) {
        super(id);
    }

    void fill(int amount) {
        raise(new Filled(amount));
    }

    int litres() {
        return litres;
    }

    @Override
    protected void apply(Event event) {
        if (event instanceof Filled filled) {
            litres += filled.litres();
        }
    }
}

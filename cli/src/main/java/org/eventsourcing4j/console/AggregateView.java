package org.eventsourcing4j.console;

import java.util.function.Function;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.AggregateType;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.support.Checks;

/**
 * How the console shows the state of one aggregate type at a version (time travel): the
 * type (its category picks the streams), the codec that reads its events, and what of the
 * aggregate to show — a record or map the console writes as JSON, e.g. the bank's
 * {@code Account::snapshot}.
 */
public record AggregateView<A extends AggregateRoot<E>, E>(AggregateType<A, E> type, EventCodec codec,
                                                           Function<? super A, ?> state) {
    public AggregateView {
        Checks.notNull(type, "aggregate type");
        Checks.notNull(codec, "codec");
        Checks.notNull(state, "state");
    }

    public static <A extends AggregateRoot<E>, E> AggregateView<A, E> of(AggregateType<A, E> type, EventCodec codec,
                                                                         Function<? super A, ?> state) {
        return new AggregateView<>(type, codec, state);
    }

    /** The state of aggregate {@code id} right after its event at {@code version}. */
    public Object stateAt(EventStore store, String id, long version) {
        A aggregate = new AggregateRepository<>(store, codec, type).loadAt(id, version);
        return state.apply(aggregate);
    }
}

package org.eventsourcing4j.aggregate;

import java.util.function.Function;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.support.Text;

/**
 * What a repository needs to know about one kind of aggregate.
 *
 * @param category  stream category: aggregate {@code "42"} lives in stream {@code "account-42"}
 *                  for category {@code "account"}; no {@code '-'} in it
 * @param eventType the aggregate's (sealed) event interface; stored events that decode to
 *                  anything else are an error
 * @param factory   makes an aggregate with no history for an id
 */
public record AggregateType<A extends AggregateRoot<E>, E>(String category, Class<E> eventType,
        Function<String, A> factory) {

    public AggregateType {
        Text.identifier(category, "aggregate category", 100);
        if (category.indexOf('-') >= 0) {
            throw new InvalidArgumentException("aggregate category",
                    "'" + category + "' contains '-', which separates the category from the id in a stream id");
        }
        if (eventType == null) {
            throw new InvalidArgumentException("event type", "must not be null");
        }
        if (factory == null) {
            throw new InvalidArgumentException("factory", "must not be null");
        }
    }

    public static <A extends AggregateRoot<E>, E> AggregateType<A, E> of(String category, Class<E> eventType,
            Function<String, A> factory) {
        return new AggregateType<>(category, eventType, factory);
    }

    /** The stream that holds aggregate {@code id}. */
    public StreamId streamId(String id) {
        if (id == null) {
            throw new InvalidArgumentException("aggregate id", "must not be null");
        }
        return StreamId.of(category + "-" + id);
    }

    /** A new aggregate with no history. */
    public A newInstance(String id) {
        A aggregate = factory.apply(id);
        if (aggregate == null || !aggregate.id().equals(id) || aggregate.version() != 0
                || aggregate.hasUncommittedEvents()) {
            throw new IllegalStateException("the factory of '" + category
                    + "' must return a new aggregate with the given id and no history, got " + aggregate);
        }
        return aggregate;
    }
}

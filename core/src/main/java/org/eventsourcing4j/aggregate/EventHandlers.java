package org.eventsourcing4j.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.eventsourcing4j.aggregate.internal.SealedTypes;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * An aggregate's apply step as a table of plain method references, one per event type,
 * checked when it is built: every type the sealed event interface permits must have a
 * handler, so a new event type without one fails at class initialisation, not in
 * production. Immutable and thread-safe; keep one in a static field.
 *
 * <pre>{@code
 * private static final EventHandlers<Account, AccountEvent> HANDLERS =
 *         EventHandlers.builder(Account.class, AccountEvent.class)
 *                 .on(MoneyDeposited.class, Account::deposited)
 *                 ...
 *                 .build();
 *
 * protected void apply(AccountEvent event) { HANDLERS.apply(this, event); }
 * }</pre>
 */
public final class EventHandlers<A, E> {

    private final Class<A> aggregateClass;
    private final Map<Class<?>, BiConsumer<A, Object>> handlers;

    private EventHandlers(Class<A> aggregateClass, Map<Class<?>, BiConsumer<A, Object>> handlers) {
        this.aggregateClass = aggregateClass;
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
    }

    public static <A, E> Builder<A, E> builder(Class<A> aggregateClass, Class<E> eventType) {
        return new Builder<>(aggregateClass, eventType);
    }

    /**
     * Runs the handler for the event's type.
     *
     * @throws UnhandledEventException when no handler fits
     */
    public void apply(A aggregate, E event) {
        BiConsumer<A, Object> handler = event == null ? null : handlers.get(event.getClass());
        if (handler == null && event != null) {
            handler = findByInstance(event); // handled through a supertype, or a subclass of a non-sealed type
        }
        if (handler == null) {
            throw new UnhandledEventException(aggregateClass, event);
        }
        handler.accept(aggregate, event);
    }

    public Set<Class<?>> handledTypes() {
        return handlers.keySet();
    }

    private BiConsumer<A, Object> findByInstance(Object event) {
        for (Map.Entry<Class<?>, BiConsumer<A, Object>> entry : handlers.entrySet()) {
            if (entry.getKey().isInstance(event)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Collects one handler per event type. */
    public static final class Builder<A, E> {
        private final Class<A> aggregateClass;
        private final Class<E> eventType;
        private final Map<Class<?>, BiConsumer<A, Object>> handlers = new LinkedHashMap<>();

        private Builder(Class<A> aggregateClass, Class<E> eventType) {
            if (aggregateClass == null) {
                throw new InvalidArgumentException("aggregate class", "must not be null");
            }
            SealedTypes.leaves(eventType); // fails early when the event type is not sealed
            this.aggregateClass = aggregateClass;
            this.eventType = eventType;
        }

        public <T extends E> Builder<A, E> on(Class<T> type, BiConsumer<A, T> handler) {
            if (type == null || handler == null) {
                throw new InvalidArgumentException("event handler", "type and handler must not be null");
            }
            if (handlers.containsKey(type)) {
                throw new InvalidArgumentException("event handler", type.getName() + " has two handlers");
            }
            handlers.put(type, (aggregate, event) -> handler.accept(aggregate, type.cast(event)));
            return this;
        }

        /**
         * The table.
         *
         * @throws InvalidArgumentException when a permitted event type has no handler
         */
        public EventHandlers<A, E> build() {
            List<String> missing = new ArrayList<>();
            for (Class<?> leaf : SealedTypes.leaves(eventType)) {
                if (handlers.keySet().stream().noneMatch(handled -> handled.isAssignableFrom(leaf))) {
                    missing.add(leaf.getSimpleName());
                }
            }
            if (!missing.isEmpty()) {
                throw new InvalidArgumentException("event handlers", aggregateClass.getSimpleName()
                        + " has no handler for " + String.join(", ", missing) + " of " + eventType.getSimpleName());
            }
            return new EventHandlers<>(aggregateClass, handlers);
        }
    }
}

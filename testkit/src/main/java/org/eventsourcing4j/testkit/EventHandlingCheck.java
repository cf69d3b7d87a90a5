package org.eventsourcing4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.AggregateType;
import org.eventsourcing4j.aggregate.UnhandledEventException;
import org.eventsourcing4j.aggregate.internal.SealedTypes;

/**
 * Checks that an aggregate's apply step handles every event type its sealed event
 * interface permits, and handles each without failing. Works for any aggregate, however its
 * apply step dispatches: give one sample event per permitted type; a new event type
 * without a sample fails the check until one is added, and then its handling is checked.
 *
 * <pre>{@code
 * EventHandlingCheck.assertHandlesEveryEventType(Account.TYPE, List.of(
 *         new AccountCreated("ann@example.com", "Ann", USD), new MoneyDeposited(TEN, USD), ...));
 * }</pre>
 */
public final class EventHandlingCheck {

    private EventHandlingCheck() {
    }

    public static <A extends AggregateRoot<E>, E> void assertHandlesEveryEventType(AggregateType<A, E> type,
            List<? extends E> samples) {
        assertHandlesEveryEventType(type.eventType(), type::newInstance, samples);
    }

    /**
     * @param eventType the sealed event interface
     * @param factory   makes an aggregate with no history; each sample is applied to a fresh one
     * @param samples   at least one event of every permitted type
     * @throws AssertionError listing every type without a sample, not handled, or whose handler threw
     */
    public static <A extends AggregateRoot<E>, E> void assertHandlesEveryEventType(Class<E> eventType,
            Function<String, A> factory, List<? extends E> samples) {
        Set<Class<?>> permitted = SealedTypes.leaves(eventType);
        List<String> problems = new ArrayList<>();
        for (Class<?> type : permitted) {
            if (samples.stream().noneMatch(type::isInstance)) {
                problems.add("no sample of " + type.getSimpleName() + ": add one to the check");
            }
        }
        for (E sample : samples) {
            if (permitted.stream().noneMatch(type -> type.isInstance(sample))) {
                problems.add("the sample " + sample + " is not one of the types " + eventType.getSimpleName()
                        + " permits");
                continue;
            }
            A aggregate = factory.apply("event-handling-check");
            try {
                aggregate.replay(aggregate.version() + 1, List.of(sample));
            } catch (UnhandledEventException e) {
                problems.add("not handled: " + e.getMessage());
            } catch (RuntimeException e) {
                problems.add("applying " + sample + " threw " + e + "; an apply step must never fail");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(eventType.getSimpleName() + " events are not all handled:\n  - "
                    + String.join("\n  - ", problems));
        }
    }
}

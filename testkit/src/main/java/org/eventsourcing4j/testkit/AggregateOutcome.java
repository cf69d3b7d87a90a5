package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.eventsourcing4j.aggregate.AggregateRoot;

/** What a command did in an {@link AggregateFixture}: the "then" half of a given/when/then test. */
public final class AggregateOutcome<A extends AggregateRoot<E>, E> {

    private final A aggregate;
    private final List<E> raised;
    private final Throwable failure;

    AggregateOutcome(A aggregate, List<E> raised, Throwable failure) {
        this.aggregate = aggregate;
        this.raised = raised;
        this.failure = failure;
    }

    /** The command succeeded and raised exactly {@code expected}, in this order. */
    @SafeVarargs
    public final AggregateOutcome<A, E> thenEvents(E... expected) {
        requireSuccess("raise " + Arrays.toString(expected));
        assertThat(raised).as("the events the command raised").containsExactly(expected);
        return this;
    }

    /** The command succeeded and raised nothing. */
    public AggregateOutcome<A, E> thenNoEvents() {
        requireSuccess("raise no events");
        assertThat(raised).as("the events the command raised").isEmpty();
        return this;
    }

    /**
     * The command threw an {@code expected} (or a subtype) and raised no event.
     *
     * @return the exception, for checks of its details
     */
    public <X extends Throwable> X thenFails(Class<X> expected) {
        if (failure == null) {
            throw new AssertionError("expected the command to fail with " + expected.getSimpleName()
                    + ", but it succeeded and raised " + raised);
        }
        if (!expected.isInstance(failure)) {
            throw new AssertionError("expected the command to fail with " + expected.getSimpleName()
                    + ", but it threw " + failure, failure);
        }
        assertThat(raised).as("the events raised by a command that failed with " + failure).isEmpty();
        return expected.cast(failure);
    }

    /** Further checks of the aggregate's state after a successful command. */
    public AggregateOutcome<A, E> thenState(Consumer<? super A> assertions) {
        requireSuccess("leave a state to check");
        assertions.accept(aggregate);
        return this;
    }

    /** The aggregate after the command, its new events still uncommitted. */
    public A aggregate() {
        return aggregate;
    }

    private void requireSuccess(String expectation) {
        if (failure != null) {
            throw new AssertionError("expected the command to " + expectation + ", but it threw " + failure, failure);
        }
    }
}

package org.eventsourcing4j.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.AggregateType;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * Given/when/then tests for an aggregate, in memory: given these past events, when this
 * command runs, then exactly these new events are raised — or this error is thrown and
 * nothing is raised. Immutable: {@link #given} returns a new fixture, so one can serve as
 * the starting point of many tests.
 *
 * <pre>{@code
 * AggregateFixture.forAggregate(Account.TYPE)
 *         .given(new AccountCreated("ann@example.com", "Ann", USD))
 *         .when(account -> account.deposit(new BigDecimal("10.00"), "USD"))
 *         .thenEvents(new MoneyDeposited(new BigDecimal("10.00"), USD));
 * }</pre>
 */
public final class AggregateFixture<A extends AggregateRoot<E>, E> {

    /** The id of the aggregate under test unless {@link #withId} says otherwise. */
    public static final String DEFAULT_ID = "fixture-1";

    private final Function<String, A> factory;
    private final String id;
    private final List<E> history;
    private final EventCodec codec;

    private AggregateFixture(Function<String, A> factory, String id, List<E> history, EventCodec codec) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.id = Objects.requireNonNull(id, "id");
        this.history = List.copyOf(history);
        this.codec = codec;
    }

    public static <A extends AggregateRoot<E>, E> AggregateFixture<A, E> forAggregate(AggregateType<A, E> type) {
        return new AggregateFixture<>(type::newInstance, DEFAULT_ID, List.of(), null);
    }

    /** @param factory makes an aggregate with no history for an id */
    public static <A extends AggregateRoot<E>, E> AggregateFixture<A, E> forAggregate(Function<String, A> factory) {
        return new AggregateFixture<>(factory, DEFAULT_ID, List.of(), null);
    }

    public AggregateFixture<A, E> withId(String aggregateId) {
        return new AggregateFixture<>(factory, aggregateId, history, codec);
    }

    /**
     * Also checks that every given and every new event survives the trip through
     * {@code eventCodec} (encode, store form, decode) unchanged.
     */
    public AggregateFixture<A, E> roundTripThrough(EventCodec eventCodec) {
        return new AggregateFixture<>(factory, id, history, Objects.requireNonNull(eventCodec, "codec"));
    }

    /** More past events, after those already given; each counts as one stored event. */
    @SafeVarargs
    public final AggregateFixture<A, E> given(E... events) {
        return given(Arrays.asList(events));
    }

    public AggregateFixture<A, E> given(List<? extends E> events) {
        List<E> more = new ArrayList<>(history);
        more.addAll(events);
        return new AggregateFixture<>(factory, id, more, codec);
    }

    /** The aggregate with the given history applied and nothing uncommitted. */
    public A givenState() {
        A aggregate = factory.apply(id);
        aggregate.loadFromHistory(codec == null ? history : RoundTrip.of(codec, history, "given"));
        return aggregate;
    }

    /** Runs {@code command} on the given state and captures what it raised or threw. */
    public AggregateOutcome<A, E> when(Consumer<? super A> command) {
        Objects.requireNonNull(command, "command");
        A aggregate = givenState();
        long versionBefore = aggregate.version();
        Throwable failure = null;
        try {
            command.accept(aggregate);
        } catch (RuntimeException | AssertionError e) {
            failure = e;
        }
        if (aggregate.version() != versionBefore) {
            throw new AssertionError("the command changed the aggregate's stored version from " + versionBefore
                    + " to " + aggregate.version() + "; commands must only raise events");
        }
        List<E> raised = aggregate.uncommittedEvents();
        if (failure == null && codec != null) {
            RoundTrip.of(codec, raised, "new");
        }
        return new AggregateOutcome<>(aggregate, raised, failure);
    }

    /** Encodes and decodes events and insists they come back equal. */
    private static final class RoundTrip {
        static <E> List<E> of(EventCodec codec, List<E> events, String which) {
            for (int i = 0; i < events.size(); i++) {
                E event = events.get(i);
                EventData data = codec.encode(event, UUID.randomUUID(), Metadata.EMPTY);
                RecordedEvent stored = new RecordedEvent(data.eventId(), data.type(), StreamId.of(DEFAULT_ID),
                        i + 1L, LogPosition.of(i + 1L), Instant.EPOCH, data.revision(), data.data(), data.metadata());
                List<Object> decoded = codec.decode(stored);
                if (!decoded.equals(List.of(event))) {
                    throw new AssertionError("the " + which + " event " + event + " does not survive a round trip"
                            + " through the codec: stored as " + data.dataAsString() + ", read back as " + decoded);
                }
            }
            return events;
        }
    }
}

package org.eventsourcing4j.testkit;

import java.time.Clock;
import org.eventsourcing4j.store.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract every {@link EventStore} must pass. Extend it and say how to make a fresh,
 * empty store:
 *
 * <pre>{@code
 * class MyStoreContractTest extends EventStoreContract {
 *     protected EventStore newStore(Clock clock) { return new MyStore(clock); }
 * }
 * }</pre>
 *
 * <p>No store may skip a test. The parts: {@link AppendContract} (expected versions,
 * atomicity, envelope, idempotent retries), {@link AtomicAppendContract} (appends across
 * streams, all or nothing, racing transfers), {@link ReadContract} (stream reads, time travel,
 * bounded memory), {@link ConcurrencyContract} (races under a barrier, repeated),
 * {@link GlobalLogContract} (one total order, no skips, filters, concurrent readers and
 * writers), {@link ListingContract} (stream summaries, literal prefixes, pages) and
 * {@link ValidationContract} (every bad input is refused with
 * {@code InvalidArgumentException} and changes nothing).
 */
public abstract class EventStoreContract
        implements AppendContract, AtomicAppendContract, ReadContract, ConcurrencyContract, GlobalLogContract, ValidationContract,
        ListingContract {

    private MutableClock clock;
    private EventStore store;

    /** A fresh, empty store whose recorded-at timestamps come from {@code clock}. */
    protected abstract EventStore newStore(Clock clock);

    /** Releases a store after its test. Closes it by default. */
    protected void disposeStore(EventStore store) {
        store.close();
    }

    @BeforeEach
    final void createStore() {
        clock = MutableClock.startingAt2026();
        store = newStore(clock);
    }

    @AfterEach
    final void releaseStore() {
        if (store != null) {
            disposeStore(store);
        }
    }

    @Override
    public final EventStore store() {
        return store;
    }

    @Override
    public final MutableClock clock() {
        return clock;
    }
}

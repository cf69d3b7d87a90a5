package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/**
 * For stores that wake readers after appends ({@code GlobalLogReader#onAppend} answers a
 * registration): add it to the store's
 * {@link EventStoreContract} test ({@code implements AppendNotifierContract}). Listeners
 * may run on any thread and calls may be coalesced, so the tests wait for a call rather
 * than expect it at once.
 */
public interface AppendNotifierContract extends StoreUnderTest {

    /** How long a listener may take to be called after an append. */
    long WAKE_UP_SECONDS = 10;

    private Registration onAppend(Runnable listener) {
        return store().onAppend(listener)
                .orElseThrow(() -> new AssertionError("the store under test must wake readers after appends"));
    }

    @Test
    default void an_append_wakes_every_listener() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        try (Registration a = onAppend(first::countDown);
             Registration b = onAppend(second::countDown)) {
            store().append(newStream("wake"), ExpectedVersion.noStream(), events("Created", 1));
            assertThat(first.await(WAKE_UP_SECONDS, TimeUnit.SECONDS)).as("first listener woken").isTrue();
            assertThat(second.await(WAKE_UP_SECONDS, TimeUnit.SECONDS)).as("second listener woken").isTrue();
        }
    }

    @Test
    default void a_listener_that_throws_neither_fails_the_append_nor_stops_the_others() throws InterruptedException {
        CountDownLatch others = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        try (Registration failing = onAppend(() -> {
                 failures.incrementAndGet();
                 throw new IllegalStateException("a bug in a listener");
             });
             Registration counting = onAppend(others::countDown)) {
            StreamId stream = newStream("throwing");
            AppendResult result = store().append(stream, ExpectedVersion.noStream(), events("Created", 2));
            assertThat(result.streamVersion()).isEqualTo(2);
            assertThat(others.await(WAKE_UP_SECONDS, TimeUnit.SECONDS)).as("the other listener woken").isTrue();
            assertThat(failures.get()).isPositive();
            assertThat(read(stream)).hasSize(2);
            assertThat(store().append(stream, ExpectedVersion.exactly(2), events("Renamed", 1)).streamVersion())
                    .isEqualTo(3);
        }
    }

    @Test
    default void a_closed_registration_is_not_woken_any_more() throws InterruptedException {
        AtomicInteger closedCalls = new AtomicInteger();
        Registration closed = onAppend(closedCalls::incrementAndGet);
        CountDownLatch woken = new CountDownLatch(1);
        try (Registration open = onAppend(woken::countDown)) {
            StreamId stream = newStream("closed");
            store().append(stream, ExpectedVersion.noStream(), events("Created", 1));
            closed.close();
            int before = closedCalls.get();
            // The listener still registered is woken by the later append; the closed one is not.
            CountDownLatch later = new CountDownLatch(1);
            try (Registration afterClose = onAppend(later::countDown)) {
                store().append(stream, ExpectedVersion.exactly(1), events("Renamed", 1));
                assertThat(later.await(WAKE_UP_SECONDS, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(woken.await(WAKE_UP_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(closedCalls.get()).isEqualTo(before);
        }
    }
}

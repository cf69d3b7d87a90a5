package org.eventsourcing4j.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds; fails with a description of the last state otherwise. */
final class Eventually {
    private Eventually() {
    }

    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + "; " + state.get());
            }
            Thread.sleep(20);
        }
    }

    /**
     * The whole global log once it holds at least {@code expected} events. An empty page
     * does not mean the end of the log: a read waits for the transaction-id horizon only
     * briefly, and any transaction on the shared test server (other tests, the runner's own
     * read-model transactions) holds it for a moment.
     */
    static List<RecordedEvent> log(GlobalLogReader store, int expected) throws InterruptedException {
        List<RecordedEvent> events = new ArrayList<>();
        until(Duration.ofSeconds(20), () -> {
            events.clear();
            LogPosition after = LogPosition.START;
            LogPage page;
            do {
                page = store.readAll(after, 1000);
                events.addAll(page.events());
                after = page.next();
            } while (!page.isEmpty());
            return events.size() >= expected;
        }, () -> "the log has " + events.size() + " events, expected " + expected);
        return events;
    }
}

package org.eventsourcing4j.benchmarks.sidebyside;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The scenarios of issue 14, what each side prepares for them, and how each is timed. */
final class Scenarios {
    /** Events per stream of {@code harness.fill}. */
    private static final int FILL_STREAM = 1_000;
    private final Settings settings;
    private final List<Scenario> selected;
    /** Numbers the streams of each write measurement, so that every measurement starts on new streams. */
    private final AtomicInteger runs = new AtomicInteger();

    Scenarios(Settings settings) {
        this.settings = settings;
        List<Scenario> all = new ArrayList<>();
        all.add(new Scenario("A", "1 event/tx, 1 writer", 0.95, (side, s) -> write(side, s, 1, 1, 1)));
        all.add(new Scenario("B", "1 event/tx, 8 writers on distinct streams", 2.0, (side, s) -> write(side, s, 8, 8, 1)));
        all.add(new Scenario("C", "10 events/tx, 1 writer", 0.9, (side, s) -> write(side, s, 1, 1, 10)));
        for (int i = 0; i < settings.streamLengths().size(); i++) {
            int length = settings.streamLengths().get(i);
            all.add(new Scenario("D" + (i + 1), String.format(Locale.ROOT, "load a %,d-event stream", length), 0.95,
                    (side, s) -> repeat(s, () -> expect(side, length, side.load(stream(length))))));
        }
        for (int i = 0; i < settings.logEvents().size(); i++) {
            int events = settings.logEvents().get(i);
            all.add(new Scenario("E" + (i + 1), String.format(Locale.ROOT, "read %,d events of the global log", events),
                    0.9, (side, s) -> repeat(s, () -> side.readLog(events))));
        }
        all.add(new Scenario("G1", "32 writers on 32 streams, 1 event/tx", 0.95, (side, s) -> write(side, s, 32, 32, 1)));
        all.add(new Scenario("G2", "32 writers on 4 hot streams, conflicts retried", 0.95,
                (side, s) -> write(side, s, 32, 4, 1)));
        String events = String.format(Locale.ROOT, "%,d events", settings.projectionEvents());
        all.add(new Scenario("P1", "exactly-once projection catch-up, bank read model, " + events, 0.8,
                (side, s) -> catchUp(side, side::projectExactlyOnce)));
        all.add(new Scenario("P2", "at-least-once projection catch-up, trivial handler, " + events, 0.9,
                (side, s) -> catchUp(side, side::projectAtLeastOnce)));
        for (String wanted : settings.scenarios()) {
            if (all.stream().noneMatch(s -> s.id().equalsIgnoreCase(wanted) || s.group().equalsIgnoreCase(wanted))) {
                throw new IllegalArgumentException("no scenario '" + wanted + "' in harness.scenarios; there are "
                        + all.stream().map(Scenario::id).toList() + " (a letter selects its group)");
            }
        }
        selected = all.stream().filter(s -> settings.scenarios().stream()
                .anyMatch(w -> s.id().equalsIgnoreCase(w) || s.group().equalsIgnoreCase(w))).toList();
    }

    List<Scenario> selected() {
        return selected;
    }

    /** Writes what the selected scenarios read, and the main log's {@code harness.fill}, on one side. */
    void prepare(Side side) throws Exception {
        for (int written = 0, k = 0; written < settings.fill(); written += FILL_STREAM, k++) {
            side.prepareStream("fill-" + k, Math.min(FILL_STREAM, settings.fill() - written));
        }
        if (isSelected("D")) {
            for (int length : settings.streamLengths()) {
                side.prepareStream(stream(length), length);
            }
        }
        if (isSelected("E")) {
            side.prepareLog(Collections.max(settings.logEvents()));
        }
        if (isSelected("P")) {
            side.prepareAccounts(settings.projectionEvents());
        }
    }

    private boolean isSelected(String group) {
        return selected.stream().anyMatch(s -> s.group().equals(group));
    }

    private static String stream(int length) {
        return "load-" + length;
    }

    /**
     * {@code writers} threads, writer w appending {@code batch}-event transactions to stream
     * w mod {@code streams} of this measurement, for {@code seconds}.
     */
    private Scenario.Result write(Side side, double seconds, int writers, int streams, int batch) throws Exception {
        String run = "w" + runs.incrementAndGet() + "-";
        AtomicLong events = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String stream = run + (w % streams);
            Thread thread = new Thread(() -> {
                try (Side.Writer writer = side.writer(stream)) {
                    ready.countDown();
                    go.await();
                    while (!stop.get()) {
                        conflicts.addAndGet(writer.append(batch));
                        events.addAndGet(batch);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    ready.countDown();
                }
            });
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(side.name() + " failed", failures.get(0));
        }
        return new Scenario.Result(events.get(), elapsed, conflicts.get());
    }

    @FunctionalInterface
    private interface Read {
        long events() throws Exception;
    }

    /** Repeats a read for {@code seconds}, at least once. */
    private static Scenario.Result repeat(double seconds, Read read) throws Exception {
        long events = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            events += read.events();
            elapsed = System.nanoTime() - start;
        } while (elapsed < seconds * 1e9);
        return new Scenario.Result(events, elapsed, 0);
    }

    private static long expect(Side side, long expected, long events) {
        if (events != expected) {
            throw new IllegalStateException(side.name() + " read " + events + " events, not " + expected);
        }
        return events;
    }

    /** One catch-up from scratch over the whole projection log; the reset before it is not timed. */
    private Scenario.Result catchUp(Side side, Read projection) throws Exception {
        side.resetProjections();
        long start = System.nanoTime();
        long events = projection.events();
        long elapsed = System.nanoTime() - start;
        return new Scenario.Result(expect(side, settings.projectionEvents(), events), elapsed, 0);
    }
}

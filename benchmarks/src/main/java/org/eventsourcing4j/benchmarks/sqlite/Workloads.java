package org.eventsourcing4j.benchmarks.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** The scenarios of the harness, each run on one side for a given time. */
final class Workloads {
    private Workloads() {
    }

    @FunctionalInterface
    interface Workload {
        /** Runs on {@code side} for about {@code seconds}; returns how many events it wrote or read. */
        long run(Side side, double seconds) throws Exception;
    }

    /** {@code writers} threads, each appending {@code batch}-event transactions to its own stream. */
    static Workload appends(int writers, int batch) {
        return (side, seconds) -> {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                AtomicLong events = new AtomicLong();
                long deadline = System.nanoTime() + (long) (seconds * 1e9);
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    futures.add(pool.submit(() -> {
                        start.await();
                        do {
                            side.append(writer, batch);
                            events.addAndGet(batch);
                        } while (System.nanoTime() < deadline);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : futures) {
                    future.get();
                }
                return events.get();
            } finally {
                pool.shutdownNow();
            }
        };
    }

    /** Loads the prefilled 1,000-event streams one after the other. */
    static Workload loadStreams() {
        int[] next = {0};
        return (side, seconds) -> {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long events = 0;
            do {
                events += side.loadStream("writer-" + (next[0]++ % SqliteHarness.STREAMS));
            } while (System.nanoTime() < deadline);
            return events;
        };
    }

    /** Reads the whole prefilled global log, again and again. */
    static Workload readLog() {
        return (side, seconds) -> {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long events = 0;
            do {
                events += side.readWholeLog();
            } while (System.nanoTime() < deadline);
            return events;
        };
    }
}

package org.eventsourcing4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code threads} tasks that wait at one barrier and then go at the same moment, and
 * collects what each returned or threw. Used by the concurrency parts of the suite.
 */
public final class Race {

    /** What one racer did: a value or an exception. */
    public record Outcome<T>(T value, Throwable error) {
        public boolean succeeded() {
            return error == null;
        }
    }

    @FunctionalInterface
    public interface Racer<T> {
        /** Runs before the barrier (e.g. read the version), returns the action to run after it. */
        Action<T> prepare(int index) throws Exception;
    }

    @FunctionalInterface
    public interface Action<T> {
        T run() throws Exception;
    }

    private Race() {
    }

    public static <T> List<Outcome<T>> run(int threads, Racer<T> racer) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Action<T> action = racer.prepare(index);
                    start.await(30, TimeUnit.SECONDS);
                    try {
                        return new Outcome<>(action.run(), null);
                    } catch (Exception e) {
                        return new Outcome<T>(null, e);
                    }
                }));
            }
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<Outcome<T>> future : futures) {
                outcomes.add(future.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } catch (Exception e) {
            throw new AssertionError("race did not complete", e);
        } finally {
            pool.shutdownNow();
        }
    }
}

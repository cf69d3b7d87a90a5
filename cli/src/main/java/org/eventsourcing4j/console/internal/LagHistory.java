package org.eventsourcing4j.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eventsourcing4j.cli.internal.ops.ProjectionView;

/**
 * The lag chart's data: every projection's lag in events and in time, sampled every
 * interval on a thread of its own, kept for the last ten minutes in memory (a console that
 * starts has no history yet).
 */
final class LagHistory implements AutoCloseable {
    static final Duration KEPT = Duration.ofMinutes(10);

    /** One point: when, how many events behind, how old the oldest unprocessed event was. */
    record Point(long epochMillis, long lagEvents, long lagMillis) {
    }

    private final Map<String, Deque<Point>> points = new ConcurrentHashMap<>();
    private final Supplier<List<ProjectionView>> projections;
    private final Clock clock;
    private final Duration interval;
    private final Thread sampler;
    private volatile boolean closed;

    LagHistory(Supplier<List<ProjectionView>> projections, Clock clock, Duration interval) {
        this.projections = projections;
        this.clock = clock;
        this.interval = interval;
        this.sampler = new Thread(this::run, "console-lag-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void run() {
        while (!closed) {
            try {
                sample();
            } catch (RuntimeException e) {
                // the store is unreachable for a moment: this point is missing from the chart
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void sample() {
        long now = clock.millis();
        long oldest = now - KEPT.toMillis();
        for (ProjectionView view : projections.get()) {
            Deque<Point> series = points.computeIfAbsent(view.name(), name -> new ArrayDeque<>());
            synchronized (series) {
                series.addLast(new Point(now, view.lagEvents(), view.lag().toMillis()));
                while (!series.isEmpty() && series.peekFirst().epochMillis() < oldest) {
                    series.removeFirst();
                }
            }
        }
    }

    List<Point> of(String projection) {
        Deque<Point> series = points.get(projection);
        if (series == null) {
            return List.of();
        }
        synchronized (series) {
            return List.copyOf(series);
        }
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}

package org.eventsourcing4j.projection;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * Exposes a projection's status as Micrometer meters, tagged {@code projection=<name>}:
 * {@code eventsourcing4j.projection.lag.events}, {@code ...lag.seconds},
 * {@code ...checkpoint}, {@code ...running} (1 when running or catching up), and the
 * counters {@code ...events.processed}, {@code ...events.skipped}, {@code ...events.parked},
 * {@code ...retries}. Micrometer is an optional dependency: call this only when it is on
 * the class path.
 */
public final class ProjectionMetrics {
    private ProjectionMetrics() {
    }

    public static void bind(MeterRegistry registry, ProjectionRunner runner) {
        Tags tags = Tags.of("projection", runner.name());
        gauge(registry, "eventsourcing4j.projection.lag.events", "events the checkpoint is behind the head",
                tags, runner, r -> r.status().lagEvents());
        gauge(registry, "eventsourcing4j.projection.lag.seconds", "age of the oldest unprocessed event",
                tags, runner, r -> r.status().lag().toMillis() / 1000.0);
        gauge(registry, "eventsourcing4j.projection.checkpoint", "numeric position of the checkpoint",
                tags, runner, r -> r.status().checkpoint().position());
        gauge(registry, "eventsourcing4j.projection.running", "1 while running or catching up, else 0",
                tags, runner, r -> switch (r.status().state()) {
                    case RUNNING, CATCHING_UP -> 1;
                    default -> 0;
                });
        counter(registry, "eventsourcing4j.projection.events.processed", "events the projection applied",
                tags, runner, r -> r.status().processed());
        counter(registry, "eventsourcing4j.projection.events.skipped", "events skipped by the failure policy",
                tags, runner, r -> r.status().skipped());
        counter(registry, "eventsourcing4j.projection.events.parked", "events parked in the dead-letter store",
                tags, runner, r -> r.status().parked());
        counter(registry, "eventsourcing4j.projection.retries", "retries of failing events and of store errors",
                tags, runner, r -> r.status().retried());
    }

    private static void gauge(MeterRegistry registry, String name, String description, Tags tags,
                              ProjectionRunner runner, ToDoubleFunction<ProjectionRunner> value) {
        Gauge.builder(name, runner, value).description(description).tags(tags).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, Tags tags,
                                ProjectionRunner runner, ToDoubleFunction<ProjectionRunner> value) {
        FunctionCounter.builder(name, runner, value).description(description).tags(tags).register(registry);
    }
}

package org.eventsourcing4j.projection;

import java.time.Duration;
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

    /** How old a status the meters of one runner share: one store query a scrape, and at most one a second. */
    static final Duration SHARED_STATUS_AGE = Duration.ofSeconds(1);

    public static void bind(MeterRegistry registry, ProjectionRunner runner) {
        Tags tags = Tags.of("projection", runner.name());
        gauge(registry, "eventsourcing4j.projection.lag.events", "events the checkpoint is behind the head",
                tags, runner, r -> status(r).lagEvents());
        gauge(registry, "eventsourcing4j.projection.lag.seconds",
                "age of the oldest unprocessed event, or how long the log has held it back", tags, runner,
                r -> status(r).lag().toMillis() / 1000.0);
        gauge(registry, "eventsourcing4j.projection.held.back.seconds",
                "how long the log has held the caught-up projection back (PostgreSQL's horizon), else 0",
                tags, runner, r -> status(r).heldBackFor().toMillis() / 1000.0);
        gauge(registry, "eventsourcing4j.projection.checkpoint", "numeric position of the checkpoint",
                tags, runner, r -> status(r).checkpoint().position());
        gauge(registry, "eventsourcing4j.projection.running", "1 while running or catching up, else 0",
                tags, runner, r -> switch (status(r).state()) {
                    case RUNNING, CATCHING_UP -> 1;
                    default -> 0;
                });
        counter(registry, "eventsourcing4j.projection.events.processed", "events applied", tags, runner,
                r -> status(r).processed());
        counter(registry, "eventsourcing4j.projection.events.skipped", "events skipped by failure policy SKIP",
                tags, runner, r -> status(r).skipped());
        counter(registry, "eventsourcing4j.projection.events.parked",
                "events parked by failure policy PARK, and events held back behind them", tags, runner,
                r -> status(r).parked());
        counter(registry, "eventsourcing4j.projection.retries",
                "attempts repeated after a failure: of a failing event, or of a store or read model unavailable",
                tags, runner, r -> status(r).retried());
    }

    private static ProjectionStatus status(ProjectionRunner runner) {
        return runner.status(SHARED_STATUS_AGE);
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

package org.eventsourcing4j.publishing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import org.eventsourcing4j.projection.ProjectionMetrics;

/**
 * Exposes a publisher as Micrometer meters: the projection meters of its runner
 * ({@link ProjectionMetrics}, tagged {@code projection=<name>}), and, tagged
 * {@code publisher=<name>}: {@code eventsourcing4j.publisher.consecutive.failures} (failed
 * attempts since the broker last acknowledged), {@code ...stalled.seconds} (how long it has
 * been failing, by the publisher's clock; 0 when healthy: alert when it grows),
 * {@code ...healthy} (1 when healthy or standby) and the counter
 * {@code ...events.acknowledged}. All of them share the runner's status, read anew at most
 * once a second, as the projection meters do. Micrometer is optional: call this only when
 * it is on the class path.
 */
public final class PublisherMetrics {
    /** How old a runner status the meters share: one store query a scrape, at most one a second. */
    private static final Duration SHARED_STATUS_AGE = Duration.ofSeconds(1);

    private PublisherMetrics() {
    }

    public static void bind(MeterRegistry registry, EventPublisher publisher) {
        ProjectionMetrics.bind(registry, publisher.runner());
        Clock clock = publisher.runner().options().clock();
        Tags tags = Tags.of("publisher", publisher.name());
        Gauge.builder("eventsourcing4j.publisher.consecutive.failures", publisher,
                        p -> health(p).consecutiveFailures())
                .description("failed attempts to publish since the broker last acknowledged").tags(tags)
                .register(registry);
        Gauge.builder("eventsourcing4j.publisher.stalled.seconds", publisher,
                        p -> health(p).stalledFor(clock.instant()).toMillis() / 1000.0)
                .description("how long the publisher has been failing; 0 when healthy").tags(tags)
                .register(registry);
        Gauge.builder("eventsourcing4j.publisher.healthy", publisher, p -> health(p).isHealthy() ? 1 : 0)
                .description("1 while publishing or standing by, else 0").tags(tags)
                .register(registry);
        FunctionCounter.builder("eventsourcing4j.publisher.events.acknowledged", publisher,
                        p -> health(p).acknowledged())
                .description("events the broker acknowledged, re-sends included").tags(tags)
                .register(registry);
    }

    private static PublisherHealth health(EventPublisher publisher) {
        return publisher.health(SHARED_STATUS_AGE);
    }
}

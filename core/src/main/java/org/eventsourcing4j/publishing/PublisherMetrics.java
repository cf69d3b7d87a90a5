package org.eventsourcing4j.publishing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import org.eventsourcing4j.projection.ProjectionMetrics;

/**
 * Exposes a publisher as Micrometer meters: the projection meters of its runner
 * ({@link ProjectionMetrics}, tagged {@code projection=<name>}), and, tagged
 * {@code publisher=<name>}: {@code eventsourcing4j.publisher.consecutive.failures} (failed
 * attempts since the broker last acknowledged), {@code ...stalled.seconds} (how long it has
 * been failing; 0 when healthy: alert when it grows), {@code ...healthy} (1 when healthy or
 * standby) and the counter {@code ...events.acknowledged}. Micrometer is optional: call
 * this only when it is on the class path.
 */
public final class PublisherMetrics {
    private PublisherMetrics() {
    }

    public static void bind(MeterRegistry registry, EventPublisher publisher, Clock clock) {
        ProjectionMetrics.bind(registry, publisher.runner());
        Tags tags = Tags.of("publisher", publisher.name());
        Gauge.builder("eventsourcing4j.publisher.consecutive.failures", publisher,
                        p -> p.health().consecutiveFailures())
                .description("failed attempts to publish since the broker last acknowledged").tags(tags)
                .register(registry);
        Gauge.builder("eventsourcing4j.publisher.stalled.seconds", publisher,
                        p -> p.health().stalledFor(clock.instant()).toMillis() / 1000.0)
                .description("how long the publisher has been failing; 0 when healthy").tags(tags)
                .register(registry);
        Gauge.builder("eventsourcing4j.publisher.healthy", publisher, p -> p.health().isHealthy() ? 1 : 0)
                .description("1 while publishing or standing by, else 0").tags(tags)
                .register(registry);
        FunctionCounter.builder("eventsourcing4j.publisher.events.acknowledged", publisher,
                        p -> p.health().acknowledged())
                .description("events the broker acknowledged, re-sends included").tags(tags)
                .register(registry);
    }
}

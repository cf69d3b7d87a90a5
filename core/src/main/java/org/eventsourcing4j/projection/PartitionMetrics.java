package org.eventsourcing4j.projection;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.eventsourcing4j.store.EventSourcingException;

/**
 * Exposes a partitioned projection's status as Micrometer meters. In total, tagged
 * {@code projection=<name>}: {@code eventsourcing4j.partition.lag.events} (the slowest
 * segment's), {@code ...checkpoint} (the lowest), {@code ...segments}, {@code ...generation},
 * {@code ...segments.local} (run by this instance), {@code ...segments.unclaimed} and the
 * counter {@code ...events.processed} (applied by this instance). Per segment, tagged
 * {@code projection=<name>, segment=<n>}: {@code eventsourcing4j.partition.segment.lag.events},
 * {@code ...segment.checkpoint}, {@code ...segment.epoch} and {@code ...segment.local} (1 when
 * this instance runs it). The per-segment meters follow a change of the number of segments at
 * the next read; every instance shows every segment (the claims and checkpoints are shared), so
 * aggregate them with max, not sum. All meters share one status, read at most once a second.
 * Micrometer is an optional dependency: call this only when it is on the class path.
 */
public final class PartitionMetrics {
    private final MeterRegistry registry;
    private final PartitionedProjection projection;
    private final List<List<Meter>> segmentMeters = new ArrayList<>();
    private volatile PartitionStatus last;

    private PartitionMetrics(MeterRegistry registry, PartitionedProjection projection) {
        this.registry = registry;
        this.projection = projection;
    }

    public static void bind(MeterRegistry registry, PartitionedProjection projection) {
        new PartitionMetrics(registry, projection).register();
    }

    private void register() {
        Tags tags = Tags.of("projection", projection.name());
        gauge("eventsourcing4j.partition.lag.events", "events the slowest segment's checkpoint is behind the head",
                tags, status -> status.lagEvents());
        gauge("eventsourcing4j.partition.checkpoint", "numeric position of the lowest segment checkpoint", tags,
                status -> status.checkpoint().position());
        gauge("eventsourcing4j.partition.segments", "segments of the current generation", tags,
                status -> status.layout().segments());
        gauge("eventsourcing4j.partition.generation", "grows with every change of the number of segments and rebuild",
                tags, status -> status.layout().generation());
        gauge("eventsourcing4j.partition.segments.local", "segments this instance runs", tags,
                status -> status.segments().stream().filter(s -> s.local().isPresent()).count());
        gauge("eventsourcing4j.partition.segments.unclaimed", "segments no instance holds", tags,
                PartitionStatus::unclaimed);
        FunctionCounter.builder("eventsourcing4j.partition.events.processed", projection,
                        p -> status().processed())
                .description("events this instance's segments applied").tags(tags).register(registry);
        status();
    }

    /**
     * The shared status (the last one read while the database cannot be reached); registers or
     * removes per-segment meters when the number of segments changed.
     */
    private PartitionStatus status() {
        PartitionStatus status;
        try {
            status = projection.status(ProjectionMetrics.SHARED_STATUS_AGE);
        } catch (EventSourcingException e) {
            if (last == null) {
                throw e;
            }
            return last;
        }
        if (status != last) {
            last = status;
            follow(status);
        }
        return status;
    }

    private synchronized void follow(PartitionStatus status) {
        int segments = status.layout().segments();
        while (segmentMeters.size() > segments) {
            segmentMeters.remove(segmentMeters.size() - 1).forEach(registry::remove);
        }
        while (segmentMeters.size() < segments) {
            int segment = segmentMeters.size();
            Tags tags = Tags.of("projection", projection.name(), "segment", Integer.toString(segment));
            List<Meter> meters = new ArrayList<>();
            meters.add(segmentGauge("eventsourcing4j.partition.segment.lag.events",
                    "events the segment's checkpoint is behind the head", tags, segment, s -> s.lagEvents()));
            meters.add(segmentGauge("eventsourcing4j.partition.segment.checkpoint",
                    "numeric position of the segment's checkpoint", tags, segment, s -> s.checkpoint().position()));
            meters.add(segmentGauge("eventsourcing4j.partition.segment.epoch",
                    "epoch of the segment's claim (0 while unclaimed)", tags, segment, s -> s.epoch()));
            meters.add(segmentGauge("eventsourcing4j.partition.segment.local",
                    "1 while this instance runs the segment, else 0", tags, segment,
                    s -> s.local().isPresent() ? 1 : 0));
            segmentMeters.add(meters);
        }
    }

    private void gauge(String name, String description, Tags tags, ToDoubleFunction<PartitionStatus> value) {
        Gauge.builder(name, projection, p -> value.applyAsDouble(status())).description(description).tags(tags)
                .register(registry);
    }

    private Meter segmentGauge(String name, String description, Tags tags, int segment,
                               ToDoubleFunction<PartitionStatus.Segment> value) {
        return Gauge.builder(name, projection, p -> {
            PartitionStatus status = status();
            return segment < status.segments().size() ? value.applyAsDouble(status.segments().get(segment))
                    : Double.NaN;
        }).description(description).tags(tags).register(registry);
    }
}

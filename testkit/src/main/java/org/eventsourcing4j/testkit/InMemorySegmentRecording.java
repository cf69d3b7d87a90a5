package org.eventsourcing4j.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eventsourcing4j.projection.CheckpointedTarget;
import org.eventsourcing4j.projection.EventHandler;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.projection.SegmentClaim;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.store.RecordedEvent;

/** A {@link SegmentRecording} in memory, each segment a {@link CheckpointedTarget} on the claims' checkpoints. */
public final class InMemorySegmentRecording implements SegmentRecording {
    private final List<Applied> applied = new ArrayList<>();
    private final Map<String, Long> lastVersions = new HashMap<>();
    private final Set<UUID> failed = ConcurrentHashMap.newKeySet();
    private volatile Predicate<RecordedEvent> failOn = e -> false;

    @Override
    public ProjectionTarget target(SegmentClaim claim, SegmentClaims claims) {
        return new CheckpointedTarget(claim.name(), handler(claim), claims.checkpoints(), this::reset);
    }

    /** The handler of segment {@code claim}: records each event with the claim. */
    public EventHandler handler(SegmentClaim claim) {
        return event -> record(claim, event);
    }

    private synchronized void record(SegmentClaim claim, RecordedEvent event) {
        if (failOn.test(event) && failed.add(event.eventId())) {
            throw new IllegalStateException("fails once on " + event.eventId());
        }
        Long previous = lastVersions.put(event.streamId().value(), event.version());
        applied.add(new Applied(event.eventId(), event.streamId().value(), event.version(),
                previous == null ? -1 : previous, claim.segment(), claim.generation(), claim.epoch(), claim.owner()));
    }

    /** Clears the read model (a rebuild). */
    public synchronized void reset() {
        applied.clear();
        lastVersions.clear();
    }

    @Override
    public synchronized List<Applied> applied() {
        return List.copyOf(applied);
    }

    @Override
    public void failOnceOn(Predicate<RecordedEvent> events) {
        failOn = events;
    }
}

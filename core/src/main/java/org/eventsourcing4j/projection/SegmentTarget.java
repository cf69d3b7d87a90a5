package org.eventsourcing4j.projection;

import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * One segment's view of the projection's target: passes on the events of the segment's
 * streams that the previous generation had not applied, and — for targets that do not
 * fence by epoch themselves — checks the claim before each commit.
 */
final class SegmentTarget implements ProjectionTarget {
    private final SegmentClaim claim;
    private final SegmentLayout layout;
    private final ProjectionTarget target;
    private final SegmentClaims claims;
    private final java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong();

    SegmentTarget(SegmentClaim claim, SegmentLayout layout, ProjectionTarget target, SegmentClaims claims) {
        this.claim = claim;
        this.layout = layout;
        this.target = target;
        this.claims = claims;
    }

    boolean belongs(RecordedEvent event) {
        return Segments.of(event.streamId(), claim.segments()) == claim.segment() && !layout.appliedBefore(event);
    }

    @Override
    public LogPosition checkpoint() {
        return target.checkpoint();
    }

    @Override
    public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
        List<RecordedEvent> mine = new ArrayList<>(events.size());
        for (RecordedEvent event : events) {
            if (belongs(event)) {
                mine.add(event);
            }
        }
        boolean committed = target instanceof FencedTarget ? target.commit(mine, from, to)
                : claims.commitFenced(claim, () -> target.commit(mine, from, to));
        if (committed) {
            applied.addAndGet(mine.size());
        }
        return committed;
    }

    /** Events of this segment committed through this target (the runner counts every event it read). */
    long applied() {
        return applied.get();
    }

    @Override
    public void applyAgain(RecordedEvent event) {
        target.applyAgain(event);
    }

    @Override
    public void replay(ParkedEvent parked, DeadLetterStore deadLetters) {
        target.replay(parked, deadLetters);
    }

    @Override
    public void reset() {
        throw new InvalidArgumentException("projection " + claim.projection(), "a segment is not rebuilt on its own:"
                + " use PartitionedProjection.rebuild(), which rebuilds every segment");
    }
}

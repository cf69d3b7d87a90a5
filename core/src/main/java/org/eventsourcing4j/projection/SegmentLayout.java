package org.eventsourcing4j.projection;

import java.util.List;
import org.eventsourcing4j.store.LogPosition;

/**
 * The segmentation of a partitioned projection now: its generation and number of segments,
 * and, after a change of the number, where the previous generation's segments stopped.
 *
 * <p>An event at position {@code p} of a stream in previous segment {@code s} was applied by
 * the previous generation when {@code p <= priorCheckpoints.get(s)}; the new generation
 * applies exactly the others (its segments start at the lowest of those checkpoints).
 *
 * @param generation       grows with every change of the number of segments and every rebuild
 * @param segments         segments of this generation
 * @param priorSegments    segments of the previous generation, 0 when there is nothing to skip
 * @param priorCheckpoints the previous generation's checkpoints by segment (empty when
 *                         {@code priorSegments} is 0)
 */
public record SegmentLayout(long generation, int segments, int priorSegments, List<LogPosition> priorCheckpoints) {

    public SegmentLayout {
        Segments.check(segments);
        priorCheckpoints = List.copyOf(priorCheckpoints);
        if (priorCheckpoints.size() != priorSegments) {
            throw new IllegalStateException("layout of generation " + generation + " has " + priorSegments
                    + " prior segments but " + priorCheckpoints.size() + " prior checkpoints");
        }
    }

    /** Whether the previous generation already applied {@code event}. */
    public boolean appliedBefore(org.eventsourcing4j.store.RecordedEvent event) {
        if (priorSegments == 0) {
            return false;
        }
        return !event.logPosition().isAfter(priorCheckpoints.get(Segments.of(event.streamId(), priorSegments)));
    }

    /**
     * Refuses a second change while the first is being handed over: every segment of this
     * generation (its {@code checkpoints}, by segment) must have passed the previous
     * generation's furthest checkpoint, so one list of prior checkpoints always suffices.
     *
     * @throws org.eventsourcing4j.store.InvalidArgumentException naming the segment still behind
     */
    public void requireHandedOver(List<LogPosition> checkpoints) {
        if (priorSegments == 0) {
            return;
        }
        LogPosition furthest = priorCheckpoints.stream().max(LogPosition::compareTo).orElseThrow();
        for (int segment = 0; segment < checkpoints.size(); segment++) {
            if (furthest.isAfter(checkpoints.get(segment))) {
                throw new org.eventsourcing4j.store.InvalidArgumentException("segments", "generation " + generation
                        + " is still taking over from the previous one: segment " + segment + " is at "
                        + checkpoints.get(segment) + ", the previous generation reached " + furthest
                        + "; change the number of segments again once every segment has passed it");
            }
        }
    }

    /** Where this generation's segments start: the lowest prior checkpoint, or the start. */
    public LogPosition start() {
        return priorCheckpoints.stream().min(LogPosition::compareTo).orElse(LogPosition.START);
    }
}

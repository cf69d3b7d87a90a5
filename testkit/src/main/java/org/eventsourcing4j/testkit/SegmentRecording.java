package org.eventsourcing4j.testkit;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.projection.SegmentClaim;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * A partitioned read model for the {@link PartitionedProjectionContract}: it records every
 * event a segment applied, with the claim it was applied under, wherever the store under test
 * keeps read models (in memory, or a table of the store's database committed with the
 * segment's checkpoint and fence).
 */
public interface SegmentRecording {

    /**
     * The target of one segment, its checkpoint the one named {@link SegmentClaim#name()} in
     * {@code claims.checkpoints()}; its reset clears the whole read model.
     */
    ProjectionTarget target(SegmentClaim claim, SegmentClaims claims);

    /** Every application whose effect was committed (and not cleared by a rebuild since). */
    List<Applied> applied();

    /** Makes the handler throw the first time it meets each matching event, so the segment retries it. */
    void failOnceOn(Predicate<RecordedEvent> events);

    /**
     * One committed application of an event.
     *
     * @param previous the version of the same stream's event applied just before it, -1 when none
     *                 was: the stream's order as the read model saw it
     */
    record Applied(UUID eventId, String stream, long version, long previous, int segment, long generation,
                   long epoch, String owner) {
    }
}

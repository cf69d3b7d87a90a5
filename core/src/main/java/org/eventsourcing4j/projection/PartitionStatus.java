package org.eventsourcing4j.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eventsourcing4j.store.LogPosition;

/**
 * Where a partitioned projection stands: each segment, and in total.
 *
 * @param name       the projection
 * @param layout     its segmentation
 * @param segments   one per segment, by segment number
 * @param head       the log's last committed position
 * @param checkpoint the lowest segment checkpoint: everything up to it is processed
 * @param lagEvents  events between {@code checkpoint} and the head (the slowest segment's lag)
 * @param processed  events applied by this instance's segments since this instance started (a
 *                   segment that moves away keeps counting here: the number never goes down)
 */
public record PartitionStatus(String name, SegmentLayout layout, List<Segment> segments, LogPosition head,
                              LogPosition checkpoint, long lagEvents, long processed) {

    public PartitionStatus {
        segments = List.copyOf(segments);
    }

    /**
     * Reads where a partitioned projection stands from its claims and checkpoints, on any
     * instance or in an operator's tool.
     *
     * @param local     the statuses of the segments this instance runs, by segment (empty in a tool)
     * @param processed what this instance applied ({@code processed} above; 0 in a tool)
     */
    public static PartitionStatus read(String name, SegmentLayout layout, SegmentClaims claims, LogPosition head,
                                       Map<Integer, ProjectionStatus> local, long processed) {
        Map<Integer, SegmentClaim> owners = new HashMap<>();
        claims.claims(name).forEach(claim -> owners.put(claim.segment(), claim));
        List<Segment> segments = new ArrayList<>();
        LogPosition lowest = null;
        for (int segment = 0; segment < layout.segments(); segment++) {
            LogPosition checkpoint = claims.checkpoints().load(Segments.name(name, layout.generation(), segment));
            SegmentClaim owner = owners.get(segment);
            segments.add(new Segment(segment, Optional.ofNullable(owner).map(SegmentClaim::owner),
                    owner == null ? 0 : owner.epoch(), checkpoint, lag(head, checkpoint),
                    Optional.ofNullable(local.get(segment))));
            lowest = lowest == null || lowest.isAfter(checkpoint) ? checkpoint : lowest;
        }
        return new PartitionStatus(name, layout, segments, head, lowest, lag(head, lowest), processed);
    }

    private static long lag(LogPosition head, LogPosition checkpoint) {
        return Math.max(0, head.position() - checkpoint.position());
    }

    /** How many segments have no owner now. */
    public long unclaimed() {
        return segments.stream().filter(s -> s.owner().isEmpty()).count();
    }

    /**
     * One segment.
     *
     * @param owner  the instance holding its claim, empty while unclaimed
     * @param epoch  the claim's epoch (0 while unclaimed)
     * @param local  the runner's status, when this instance runs the segment
     */
    public record Segment(int segment, Optional<String> owner, long epoch, LogPosition checkpoint, long lagEvents,
                          Optional<ProjectionStatus> local) {
    }
}

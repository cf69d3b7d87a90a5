package org.eventsourcing4j.projection;

import java.util.List;
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
 * @param processed  events applied by this instance's segments since they started here
 */
public record PartitionStatus(String name, SegmentLayout layout, List<Segment> segments, LogPosition head,
                              LogPosition checkpoint, long lagEvents, long processed) {

    public PartitionStatus {
        segments = List.copyOf(segments);
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

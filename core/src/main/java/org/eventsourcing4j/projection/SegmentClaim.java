package org.eventsourcing4j.projection;

/**
 * One instance's claim on one segment of a partitioned projection. The epoch grows with
 * every change of owner: a commit made under an older epoch is refused (fencing), and a
 * handler with side effects outside the database can hand it on (e.g. as a fencing token
 * to the system it writes to).
 *
 * @param projection the partitioned projection's name
 * @param generation the segmentation it belongs to; changes when the number of segments
 *                   changes or the projection is rebuilt
 * @param segment    from 0 to {@code segments - 1}
 * @param segments   how many segments the generation has
 * @param epoch      grows with every take-over of this segment
 * @param owner      the instance holding it
 */
public record SegmentClaim(String projection, long generation, int segment, int segments, long epoch, String owner) {

    /** The name the segment's runner and checkpoint go by ({@link Segments#name}). */
    public String name() {
        return Segments.name(projection, generation, segment);
    }
}

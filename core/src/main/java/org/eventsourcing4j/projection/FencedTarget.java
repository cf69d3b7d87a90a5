package org.eventsourcing4j.projection;

/**
 * A {@link ProjectionTarget} of one segment that checks its {@link SegmentClaim}'s epoch in
 * the same transaction as it commits (e.g. {@code org.eventsourcing4j.jdbc.JdbcSegmentTarget}):
 * a commit by an owner whose claim was taken over stores nothing. For targets that are not,
 * the partitioned projection asks {@link SegmentClaims#holds} before each commit.
 */
public interface FencedTarget extends ProjectionTarget {
}

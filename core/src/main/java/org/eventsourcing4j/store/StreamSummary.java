package org.eventsourcing4j.store;

import java.time.Instant;

/**
 * One stream as {@link StreamCatalog#listStreams} lists it.
 *
 * @param version          the version of its last event
 * @param eventCount       how many events it holds (versions are dense, so this is the last
 *                         version minus the first plus one)
 * @param firstRecordedAt  when its first event was recorded
 * @param lastRecordedAt   when its last event was recorded
 */
public record StreamSummary(StreamId stream, long version, long eventCount, Instant firstRecordedAt,
                            Instant lastRecordedAt) {
    public StreamSummary {
        if (stream == null || firstRecordedAt == null || lastRecordedAt == null) {
            throw new InvalidArgumentException("stream summary", "fields must not be null");
        }
        if (version < 1 || eventCount < 1 || eventCount > version) {
            throw new InvalidArgumentException("stream summary", "version " + version + " and event count "
                    + eventCount + " must be at least 1, the count not above the version");
        }
    }
}

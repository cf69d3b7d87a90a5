package org.eventsourcing4j.projection;

import java.time.Duration;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;

/**
 * How a partitioned projection shares its segments; immutable.
 *
 * @param instance          this instance's name among those running the projection (unique)
 * @param segments          segments to create when the projection has none yet (later changes go
 *                          through {@link PartitionedProjection#resize})
 * @param heartbeatInterval how often the instance renews its claims and looks for its share
 * @param claimTimeout      how long a claim lasts without a heartbeat: after a crash, its
 *                          segments move on within this plus one heartbeat interval
 */
public record PartitionOptions(String instance, int segments, Duration heartbeatInterval, Duration claimTimeout) {

    public PartitionOptions {
        Text.identifier(instance, "instance", 200);
        Segments.check(segments);
        Checks.notNull(heartbeatInterval, "heartbeat interval");
        Checks.notNull(claimTimeout, "claim timeout");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new InvalidArgumentException("heartbeat interval", "must be positive, got " + heartbeatInterval);
        }
        if (claimTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new InvalidArgumentException("claim timeout", "must be at least two heartbeat intervals ("
                    + heartbeatInterval.multipliedBy(2) + "), got " + claimTimeout);
        }
    }

    /** {@code segments} segments, heartbeats every second, claims lasting 10 seconds. */
    public static PartitionOptions of(String instance, int segments) {
        return new PartitionOptions(instance, segments, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    public PartitionOptions withHeartbeat(Duration interval, Duration timeout) {
        return new PartitionOptions(instance, segments, interval, timeout);
    }
}

package org.eventsourcing4j.cli.internal.ops;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.projection.PartitionStatus;
import org.eventsourcing4j.projection.ProjectionPause;
import org.eventsourcing4j.projection.ProjectionReport;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.LogPosition;

/**
 * One projection as operators see it, put together from the store's tables: the checkpoint,
 * the instances' reports, the pause and the parked events.
 *
 * @param lagEvents how many log positions the checkpoint is behind the head (approximate
 *                  where positions have gaps, as on PostgreSQL)
 * @param holder    the report of the instance running it (holding its lease), if one reported
 *                  recently
 * @param reports   every instance's latest report, stale ones included
 * @param partition a partitioned projection's segments (owner, epoch, checkpoint, lag each), read
 *                  from the store's claims table; empty for a projection run by one runner, or
 *                  when its claims are in a table of the application's own
 */
public record ProjectionView(String name, LogPosition checkpoint, LogPosition head, long lagEvents,
                             Optional<ProjectionReport> holder, List<ProjectionReport> reports,
                             Optional<ProjectionPause> pause, long parked, Optional<PartitionStatus> partition) {

    /** What the projection is doing: the holder's state, or why nobody says. */
    public String state() {
        if (holder.isPresent()) {
            return holder.get().status().state().name();
        }
        return reports.isEmpty() ? "NOT_RUNNING" : "NO_RECENT_REPORT";
    }

    /** The age of the oldest event the holder has not processed yet; zero without one. */
    public Duration lag() {
        return holder.map(r -> r.status().lag()).orElse(Duration.ZERO);
    }

    public Optional<String> lastError() {
        return holder.map(ProjectionReport::status).map(ProjectionStatus::lastError);
    }

    /** Events the holder skipped and retries it made (since it started). */
    public long skipped() {
        return holder.map(r -> r.status().skipped()).orElse(0L);
    }

    public long retried() {
        return holder.map(r -> r.status().retried()).orElse(0L);
    }
}

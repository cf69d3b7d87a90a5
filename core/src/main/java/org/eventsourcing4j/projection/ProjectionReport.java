package org.eventsourcing4j.projection;

import java.time.Duration;
import java.time.Instant;
import org.eventsourcing4j.support.Checks;

/**
 * What one running instance said about its projection, and when. The instance holding the
 * lease is the one whose state is not {@link ProjectionStatus.State#WAITING_FOR_LEASE}.
 *
 * @param instance who reported, e.g. {@code "host:4242#1"} (host, process id, runner)
 */
public record ProjectionReport(String instance, ProjectionStatus status, Instant reportedAt) {
    public ProjectionReport {
        Checks.notNull(instance, "instance");
        Checks.notNull(status, "status");
        Checks.notNull(reportedAt, "reported at");
    }

    public String projection() {
        return status.name();
    }

    /** Whether the report is older than {@code maxAge} at {@code now}: its instance may have died. */
    public boolean isStale(Instant now, Duration maxAge) {
        return reportedAt.plus(maxAge).isBefore(now);
    }
}

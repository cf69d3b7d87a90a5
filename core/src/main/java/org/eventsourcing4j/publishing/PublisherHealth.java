package org.eventsourcing4j.publishing;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a publisher gets its events to the broker.
 *
 * @param consecutiveFailures attempts to publish a page that failed since the last success
 * @param failingSince        when the current run of failures began; null when healthy
 * @param lastAcknowledgedAt  when the broker last acknowledged a page; null before the first
 * @param acknowledged        events the broker acknowledged since start (re-sends included)
 * @param lastError           the last failure, or null
 */
public record PublisherHealth(
        State state,
        String destination,
        long consecutiveFailures,
        Instant failingSince,
        Instant lastAcknowledgedAt,
        long acknowledged,
        String lastError) {

    public enum State {
        /** Publishing, or idle at the head with nothing to publish. */
        HEALTHY,
        /** The broker does not acknowledge: retrying without limit, nothing skipped. */
        STALLED,
        /** Another instance holds the lease and publishes. */
        STANDBY,
        /** Stopped on a message the broker refused (failure policy STOP). */
        FAILED,
        /** Not started, or stopped. */
        STOPPED
    }

    /** How long the publisher has been failing at {@code now}; zero when healthy. */
    public Duration stalledFor(Instant now) {
        if (failingSince == null || now.isBefore(failingSince)) {
            return Duration.ZERO;
        }
        return Duration.between(failingSince, now);
    }

    public boolean isHealthy() {
        return state == State.HEALTHY || state == State.STANDBY;
    }
}

package org.eventsourcing4j.publishing;

import java.time.Clock;
import java.time.Instant;

/** A publisher's failure streak and last acknowledgement: written by its thread, read by health calls. */
final class HealthTracker {
    private final Clock clock;
    private long consecutiveFailures;
    private Instant failingSince;
    private Instant lastAcknowledgedAt;
    private long acknowledged;
    private String lastError;

    HealthTracker(Clock clock) {
        this.clock = clock;
    }

    /** The broker acknowledged {@code events}; {@code wholePage}: all it was sent, ending a run of failures. */
    synchronized void acknowledged(int events, boolean wholePage) {
        if (events > 0) {
            acknowledged += events;
            lastAcknowledgedAt = clock.instant();
        }
        if (wholePage) {
            consecutiveFailures = 0;
            failingSince = null;
        }
    }

    synchronized void failed(String error) {
        if (consecutiveFailures++ == 0) {
            failingSince = clock.instant();
        }
        lastError = error;
    }

    synchronized PublisherHealth snapshot(PublisherHealth.State runnerState, String destination) {
        PublisherHealth.State state = runnerState == PublisherHealth.State.HEALTHY && consecutiveFailures > 0
                ? PublisherHealth.State.STALLED : runnerState;
        return new PublisherHealth(state, destination, consecutiveFailures, failingSince, lastAcknowledgedAt,
                acknowledged, lastError);
    }
}

package org.eventsourcing4j.projection;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eventsourcing4j.support.Checks;

/**
 * An operator's request to a projection, carried out by the instance that holds its lease.
 *
 * @param claimedBy the instance that took it on; empty while pending
 * @param outcome   what carrying it out did; empty until finished
 */
public record ProjectionRequest(UUID id, String projection, Action action, String requestedBy, Instant requestedAt,
                                Optional<String> claimedBy, Optional<Instant> claimedAt, Optional<String> outcome,
                                Optional<Instant> finishedAt) {

    public enum Action {
        /** Clear the read model, the checkpoint and the parked events, and replay from the start. */
        REBUILD,
        /** Clear the read model, the checkpoint and the parked events, and pause until resumed. */
        RESET,
        /** Apply the parked events again (after the cause was fixed). */
        REPLAY_PARKED,
        /** Retry the event a failed projection (policy STOP) stopped on; nothing to do for a running one. */
        RESTART
    }

    public ProjectionRequest {
        Checks.notNull(id, "request id");
        Checks.notNull(projection, "projection");
        Checks.notNull(action, "action");
        Checks.notNull(requestedBy, "requested by");
        Checks.notNull(requestedAt, "requested at");
        Checks.notNull(claimedBy, "claimed by");
        Checks.notNull(claimedAt, "claimed at");
        Checks.notNull(outcome, "outcome");
        Checks.notNull(finishedAt, "finished at");
    }

    /** A new, pending request. */
    public static ProjectionRequest pending(String projection, Action action, String requestedBy, Instant at) {
        return new ProjectionRequest(UUID.randomUUID(), projection, action, requestedBy, at, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public ProjectionRequest claimed(String instance, Instant at) {
        return new ProjectionRequest(id, projection, action, requestedBy, requestedAt, Optional.of(instance),
                Optional.of(at), outcome, finishedAt);
    }

    public ProjectionRequest finished(String result, Instant at) {
        return new ProjectionRequest(id, projection, action, requestedBy, requestedAt, claimedBy, claimedAt,
                Optional.of(result), Optional.of(at));
    }

    public boolean isPending() {
        return claimedBy.isEmpty();
    }

    public boolean isFinished() {
        return outcome.isPresent();
    }
}

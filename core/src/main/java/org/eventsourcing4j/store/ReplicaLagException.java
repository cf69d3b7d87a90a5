package org.eventsourcing4j.store;

import java.time.Duration;

/**
 * A store that reads from a replica was asked to wait until its reads show the appends made
 * so far ({@link StreamReader#awaitReplication(Duration)}), and the replica had not replayed
 * them within the time allowed: it lags behind the primary, or its replay is paused. Nothing
 * was read or written. Retryable: the replica catches up on its own; until then its reads
 * show an earlier state of the log, never a partial one.
 */
public class ReplicaLagException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final Duration waited;

    /** @param detail how far behind the replica was, as the store can tell */
    public ReplicaLagException(String detail, Duration waited) {
        super("the replica had not caught up with the primary after " + waited.toMillis() + " ms: " + detail);
        this.waited = waited;
    }

    /** How long the caller waited before giving up. */
    public Duration waited() {
        return waited;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}

package org.eventsourcing4j.testkit.postgres;

/** How a {@link TemporaryCluster} is stopped: {@code pg_ctl stop -m <mode>}. */
public enum StopMode {
    /** Waits until every client has disconnected. Hangs while a test holds a connection pool. */
    SMART("smart"),
    /** Disconnects the clients, rolls back their transactions and shuts down cleanly. */
    FAST("fast"),
    /**
     * Shuts down without a checkpoint: the next start runs crash recovery, as after a power
     * loss (but nothing written to the operating system is lost). {@link TemporaryCluster#kill()}
     * is the harsher crash.
     */
    IMMEDIATE("immediate");

    private final String pgCtlName;

    StopMode(String pgCtlName) {
        this.pgCtlName = pgCtlName;
    }

    String pgCtlName() {
        return pgCtlName;
    }
}

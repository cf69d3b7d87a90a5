package org.eventsourcing4j.postgres;

import java.time.Duration;
import java.util.Optional;

/**
 * Why global-log readers may be waiting. Readers see only events of transactions older
 * than the oldest transaction still running anywhere in the cluster (the horizon), so one
 * long-running writing transaction — of any application on the same server — delays
 * delivery of everything committed after it began. It never causes a skip: the store
 * waits, and this status names the transaction to look at.
 *
 * @param horizonTxId       the transaction id below which readers see events
 * @param heldBack          whether committed events exist that readers cannot see yet
 *                          because the horizon is held back
 * @param oldestTransaction the oldest transaction holding a transaction id, if any
 */
public record HorizonStatus(long horizonTxId, boolean heldBack, Optional<OpenTransaction> oldestTransaction) {

    /**
     * A transaction that holds the horizon back.
     *
     * @param pid             backend process id ({@code pg_terminate_backend(pid)} ends it); 0 for a
     *                        prepared transaction, which belongs to no backend
     * @param xid             its transaction id as PostgreSQL shows it ({@code backend_xid})
     * @param age             how long the transaction has been open
     * @param state           {@code pg_stat_activity.state}, e.g. {@code idle in transaction}, or
     *                        {@code prepared 'gid'}
     * @param applicationName the client's {@code application_name}
     * @param database        the database it is connected to
     * @param user            the role it runs as
     * @param query           its current or last statement (cut at 1000 characters; hidden
     *                        unless this role may see it)
     */
    public record OpenTransaction(int pid, String xid, Duration age, String state, String applicationName,
                                  String database, String user, String query) {
    }

    /** One line for logs and health checks. */
    public String describe() {
        if (!heldBack) {
            return "global log not held back (horizon " + horizonTxId + ")";
        }
        return oldestTransaction.map(t -> "global log held back at transaction " + horizonTxId
                        + " by backend pid " + t.pid() + " (xid " + t.xid() + ", open " + t.age()
                        + ", " + t.state() + ", application '" + t.applicationName() + "', database '"
                        + t.database() + "', user '" + t.user() + "'): " + t.query())
                .orElse("global log held back at transaction " + horizonTxId
                        + " by a transaction that has ended meanwhile");
    }
}

package org.eventsourcing4j.postgres;

import java.time.Duration;
import javax.sql.DataSource;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * A streaming replica (hot standby) of the store's database, for reads; given to
 * {@link PostgresEventStore#create(DataSource, PostgresReplica, PostgresOptions)}. Immutable,
 * change a copy with the {@code with…} methods. See {@code docs/replicas.md}.
 *
 * <p>Stream reads ({@code readStream}, {@code readEvent}, {@code currentVersion}) go to the
 * replica, and global-log reads ({@code readAll}, {@code headPosition}) too when
 * {@link #globalLog()} is on. Appends, transactions, locks, notifications, checkpoints,
 * dead letters, snapshots and {@link PostgresEventStore#horizonStatus()} stay on the primary.
 * The data source must reach one server (not a pool spread over several replicas): read your
 * writes waits for that server.
 *
 * @param dataSource connections to the replica; give its pool a short connection timeout:
 *                   that is how long a read waits before it takes the replica for down
 * @param globalLog  whether the global log is read from the replica too (default false). It
 *                   stays gap-free there: the transaction-id horizon holds on a hot standby
 * @param whenDown   what a read does when the replica cannot be reached (default
 *                   {@link WhenDown#FAIL})
 * @param retryAfter with {@link WhenDown#READ_PRIMARY}: how long reads go to the primary after
 *                   the replica failed before it is tried again (default 5 s, by the store's
 *                   clock); it then serves reads again only once it has caught up
 */
public record PostgresReplica(DataSource dataSource, boolean globalLog, WhenDown whenDown, Duration retryAfter) {

    /** What a read does when the replica cannot be reached. */
    public enum WhenDown {
        /** Fail with a retryable {@link org.eventsourcing4j.store.StoreUnavailableException} naming the replica. */
        FAIL,
        /** Read from the primary instead, for {@link #retryAfter()}; then try the replica again. */
        READ_PRIMARY
    }

    public PostgresReplica {
        if (dataSource == null) {
            throw new InvalidArgumentException("replica data source", "must not be null");
        }
        if (whenDown == null) {
            throw new InvalidArgumentException("when the replica is down", "must not be null");
        }
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            throw new InvalidArgumentException("replica retry interval", "must be positive, got " + retryAfter);
        }
    }

    /** Stream reads from {@code dataSource}, the global log from the primary, failing while the replica is down. */
    public static PostgresReplica of(DataSource dataSource) {
        return new PostgresReplica(dataSource, false, WhenDown.FAIL, Duration.ofSeconds(5));
    }

    public PostgresReplica withGlobalLog(boolean fromReplica) {
        return new PostgresReplica(dataSource, fromReplica, whenDown, retryAfter);
    }

    /** Reads fail (retryably) while the replica is down. */
    public PostgresReplica failingWhenDown() {
        return new PostgresReplica(dataSource, globalLog, WhenDown.FAIL, retryAfter);
    }

    /** Reads go to the primary while the replica is down; it is tried again after {@code retryAfter}. */
    public PostgresReplica readingPrimaryWhenDown(Duration retryInterval) {
        return new PostgresReplica(dataSource, globalLog, WhenDown.READ_PRIMARY, retryInterval);
    }
}

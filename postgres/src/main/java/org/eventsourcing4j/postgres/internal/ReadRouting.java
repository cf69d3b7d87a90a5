package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.jdbc.SqlWork;
import org.eventsourcing4j.postgres.Lsn;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.postgres.PostgresReplica;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends reads to the replica or the primary, and waits for the replica to catch up.
 *
 * <p>A read that begins on the replica and finds it down goes on on the primary (with
 * {@link PostgresReplica.WhenDown#READ_PRIMARY}), which is ahead of the replica: a stream read
 * whose next page comes from a later state still ends at the stream's end, never inside a
 * batch. A read never goes the other way, from the primary to a replica that may be behind.
 *
 * <p>With READ_PRIMARY a failed replica is {@code DOWN} for {@code retryAfter}: reads go to the
 * primary and {@link #awaitCaughtUp} returns at once, as the primary shows every commit. Then
 * one reader tries it again: it is {@code READMITTING} (awaits wait for real from now on), the
 * primary's WAL position is read, and only when the replica has replayed up to it is it
 * {@code UP} again. So a caller whose await returned at once while it was down, before the
 * readmission began, finds its writes on the replica too.
 */
public final class ReadRouting {
    private static final Logger LOG = LoggerFactory.getLogger(ReadRouting.class);
    /** How long the reader that readmits a replica waits for it to catch up. */
    private static final Duration READMIT_WAIT = Duration.ofSeconds(1);

    private sealed interface State {
    }

    private record Up() implements State {
    }

    private record Down(Instant until) implements State {
    }

    private record Readmitting() implements State {
    }

    private static final State UP = new Up();
    private static final State READMITTING = new Readmitting();

    private final Jdbc primary;
    private final Jdbc replica; // null: no replica
    private final PostgresReplica config;
    private final WalPositions wal;
    private final Clock clock;
    /** Reads that stay on the primary; holds no state, so it is shared. */
    private final ReadSource onPrimary = new Routed(false);
    private final AtomicReference<State> state = new AtomicReference<>(UP);

    /** Every read on {@code primary}. */
    public ReadRouting(Jdbc primary) {
        this.primary = primary;
        this.replica = null;
        this.config = null;
        this.wal = new WalPositions(primary, null);
        this.clock = null;
    }

    public ReadRouting(Jdbc primary, PostgresReplica config, int connectionRetries, Clock clock) {
        this.primary = primary;
        this.replica = new Jdbc(config.dataSource(), PostgresDialect.INSTANCE, connectionRetries);
        this.config = config;
        this.wal = new WalPositions(primary, replica);
        this.clock = clock;
    }

    public boolean hasReplica() {
        return replica != null;
    }

    /** For reads that stay on the primary. */
    public ReadSource primary() {
        return onPrimary;
    }

    /** For one stream read, all its pages. */
    public ReadSource streams() {
        return replica == null ? onPrimary : new Routed(replicaServesReads());
    }

    /** For one global-log read. */
    public ReadSource globalLog() {
        return replica == null || !config.globalLog() ? onPrimary : new Routed(replicaServesReads());
    }

    /** A position of the primary's WAL after the commit of every append that has returned. */
    public Lsn primaryLsn() {
        return wal.committed();
    }

    /**
     * Waits until the replica has replayed up to {@code target}; at once without a replica,
     * or while it is down and reads go to the primary.
     */
    public void awaitReplayed(Lsn target, Duration timeout) {
        if (replica == null || state.get() instanceof Down) {
            return;
        }
        try {
            wal.awaitReplayed(target, timeout);
        } catch (StoreUnavailableException e) {
            if (config.whenDown() == PostgresReplica.WhenDown.FAIL) {
                throw e;
            }
            markDown(e);
        }
    }

    /** {@link #awaitReplayed} of the primary's position now; false without a replica. */
    public boolean awaitCaughtUp(Duration timeout) {
        if (replica == null) {
            return false;
        }
        if (!(state.get() instanceof Down)) {
            awaitReplayed(wal.committed(), timeout);
        }
        return true;
    }

    /** Whether a read that begins now may go to the replica; readmits it when its time is up. */
    private boolean replicaServesReads() {
        if (config.whenDown() == PostgresReplica.WhenDown.FAIL) {
            return true;
        }
        State now = state.get();
        if (now instanceof Up) {
            return true;
        }
        if (!(now instanceof Down down) || clock.instant().isBefore(down.until())
                || !state.compareAndSet(now, READMITTING)) {
            return false; // down, or another reader is readmitting it
        }
        try {
            wal.awaitReplayed(wal.committed(), READMIT_WAIT);
            state.set(UP);
            LOG.info("the replica has caught up with the primary: reads go to it again");
            return true;
        } catch (RuntimeException e) {
            state.set(new Down(clock.instant().plus(config.retryAfter())));
            LOG.debug("the replica is still not usable, reads stay on the primary: {}", e.toString());
            return false;
        }
    }

    private void markDown(RuntimeException failure) {
        State before = state.getAndSet(new Down(clock.instant().plus(config.retryAfter())));
        if (!(before instanceof Down)) {
            LOG.warn("the replica cannot be reached, reads go to the primary for {} ms: {}",
                    config.retryAfter().toMillis(), failure.getMessage());
        }
    }

    /** A read that began on the replica (or the primary) and may go on on the primary. */
    private final class Routed implements ReadSource {
        private boolean onReplica;

        Routed(boolean onReplica) {
            this.onReplica = onReplica;
        }

        @Override
        public <T> T autoCommit(String operation, SqlWork<T, RuntimeException> work) {
            if (onReplica) {
                try {
                    return replica.autoCommit(operation + " on the replica", work);
                } catch (StoreUnavailableException e) {
                    if (config.whenDown() == PostgresReplica.WhenDown.FAIL) {
                        throw e;
                    }
                    markDown(e);
                    onReplica = false;
                }
            }
            return primary.autoCommit(operation, work);
        }

        @Override
        public Connection borrow(String operation) {
            if (onReplica) {
                try {
                    return open(replica, operation + " on the replica");
                } catch (StoreUnavailableException e) {
                    if (config.whenDown() == PostgresReplica.WhenDown.FAIL) {
                        throw e;
                    }
                    markDown(e);
                    onReplica = false;
                }
            }
            return open(primary, operation);
        }
    }

    private static Connection open(Jdbc server, String operation) {
        try {
            return server.dataSource().getConnection();
        } catch (SQLException e) {
            throw server.dialect().translate(e, "opening a connection for " + operation);
        }
    }
}

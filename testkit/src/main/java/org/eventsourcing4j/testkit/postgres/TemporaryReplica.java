package org.eventsourcing4j.testkit.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * A streaming replica (hot standby) of a {@link TemporaryPostgres}, made by
 * {@link TemporaryPostgres#createReplica()}: read-only, replaying the primary's WAL as it
 * arrives. Same lifecycle as the primary: stopped, restarted or killed on its own.
 *
 * <p>Replica lag is made and seen with these methods or over JDBC on {@link #jdbcUrl()}:
 * {@link #pauseReplay()} ({@code select pg_wal_replay_pause()}) lets the replica receive WAL
 * but apply none of it, so a write on the primary stays invisible here until
 * {@link #resumeReplay()}; {@link #replayedLsn()} ({@code pg_last_wal_replay_lsn()}) against the
 * primary's {@link TemporaryPostgres#currentLsn()} shows how far behind it is. A stopped replica
 * is a replica that is down.
 */
public final class TemporaryReplica extends TemporaryCluster {
    private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    private final TemporaryPostgres primary;
    private final String slot;

    private TemporaryReplica(TemporaryPostgres primary, String slot, CommandRunner runner, Path directory) {
        super(primary.options, primary.binaries, runner, directory);
        this.primary = primary;
        this.slot = slot;
    }

    static TemporaryReplica create(TemporaryPostgres primary, String slot) {
        Path directory = ClusterDirectories.create(primary.options.parentDirectory());
        try {
            CommandRunner runner = CommandRunner.forThisProcess(primary.options, directory);
            runner.handOver(directory);
            // -R writes standby.signal and primary_conninfo; -C -S makes the slot; -X stream copies the WAL of the copy.
            CommandRunner.Result copied = runner.runAsServer(directory, List.of(primary.binaries.tool("pg_basebackup"),
                    "-h", HOST, "-p", Integer.toString(primary.port()), "-U", USER, "-w",
                    "-D", directory.resolve(ClusterDirectories.DATA).toString(),
                    "-R", "-X", "stream", "-c", "fast", "-C", "-S", slot, "--no-sync"));
            if (!copied.succeeded()) {
                throw new TemporaryPostgresException("pg_basebackup from " + primary + " failed: " + copied.describe());
            }
            TemporaryReplica replica = new TemporaryReplica(primary, slot, runner, directory);
            try {
                replica.startOnFreePort();
            } catch (RuntimeException e) {
                primary.replicaClosed(replica);
                throw e;
            }
            return replica;
        } catch (RuntimeException e) {
            throw removedAfter(directory, e);
        }
    }

    /** The primary this replica streams from. */
    public TemporaryPostgres primary() {
        return primary;
    }

    /** Stops applying WAL (it is still received): writes on the primary stay invisible here. */
    public void pauseReplay() {
        query("select pg_wal_replay_pause()");
    }

    /** Applies the WAL again, what arrived while paused first. */
    public void resumeReplay() {
        query("select pg_wal_replay_resume()");
    }

    /** Whether {@link #pauseReplay()} is in force. */
    public boolean isReplayPaused() {
        return query("select pg_is_wal_replay_paused()").equals("t");
    }

    /** How far this replica has applied the WAL ({@code pg_last_wal_replay_lsn()}), e.g. {@code 0/3000148}. */
    public String replayedLsn() {
        return query("select pg_last_wal_replay_lsn()");
    }

    /** How many bytes of WAL the primary has written that this replica has not applied yet. */
    public long replayLagBytes() {
        String written = primary.currentLsn();
        return Math.max(0, Long.parseLong(query("select pg_wal_lsn_diff('" + written + "', pg_last_wal_replay_lsn())")
                .replaceFirst("\\..*", "")));
    }

    /**
     * Waits until this replica has applied the WAL up to {@code lsn} (e.g. the primary's
     * {@link TemporaryPostgres#currentLsn()} after a commit).
     *
     * @throws TemporaryPostgresException when it has not within {@code timeout} (say, replay is paused)
     */
    public void awaitReplayed(String lsn, Duration timeout) {
        if (lsn == null || !LSN.matcher(lsn).matches()) {
            throw new InvalidArgumentException("LSN", "must look like 0/3000148, got " + lsn);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!query("select pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn").equals("t")) {
            if (System.nanoTime() > deadline) {
                throw new TemporaryPostgresException(this + " had replayed up to " + replayedLsn() + ", not " + lsn
                        + ", after " + timeout.toMillis() + " ms" + (isReplayPaused() ? " (replay is paused)" : ""));
            }
            pause();
        }
    }

    /** Waits until this replica has applied everything the primary has written so far. */
    public void awaitCaughtUp(Duration timeout) {
        awaitReplayed(primary.currentLsn(), timeout);
    }

    /** Closes this replica and drops its replication slot on the primary. Idempotent. */
    @Override
    public void close() {
        boolean wasOpen = !isClosed();
        super.close();
        if (wasOpen) {
            primary.replicaClosed(this);
        }
    }

    String slot() {
        return slot;
    }

    @Override
    public String toString() {
        return "temporary PostgreSQL replica on " + HOST + ":" + port() + " of port " + primary.port() + " in "
                + directory;
    }
}

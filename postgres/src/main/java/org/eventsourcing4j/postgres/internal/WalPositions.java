package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.postgres.Lsn;
import org.eventsourcing4j.store.ReplicaLagException;

/**
 * Where the primary has written its WAL to, and waiting until the replica has replayed it.
 *
 * <p>The position to wait for must be at or after the end of the commit record of every append
 * that has returned, and the replica must reach it without further writes. With
 * {@code synchronous_commit} on (or local, remote_write, remote_apply) a commit returns only
 * once its record is flushed, so the flush position ({@code pg_current_wal_flush_lsn()}) is
 * enough, and it does not include WAL that nobody waits for yet (autovacuum's, say, which the
 * WAL writer flushes up to 200 ms later). With {@code synchronous_commit = off} a commit
 * returns before the flush: then the insert position ({@code pg_current_wal_insert_lsn()})
 * is taken, which is past every inserted record. The setting is read in the same statement,
 * on a connection of the pool the appends use. A replica that has replayed past the position
 * shows every such commit to every new snapshot: replay applies a commit record before it moves
 * its replayed position past it.
 *
 * <p>One correction to the insert position: when the last record ends exactly at the end of a
 * WAL page, it is where the next record will start, after the next page's header (24 bytes, or
 * 40 on the first page of a segment, on 64-bit builds), while the replica's replayed position
 * stays at the page boundary until another record comes, on an idle primary up to 15 s later.
 * Such a position is taken back to the boundary. (No record ends inside a page header.)
 */
final class WalPositions {
    private static final String COMMITTED = "select case when current_setting('synchronous_commit') <> 'off'"
            + " then (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::bigint"
            + " else (select (case when at % segment = 40 then at - 40 when at % page = 24 then at - 24 else at end)::bigint"
            + " from (select pg_current_wal_insert_lsn() - '0/0'::pg_lsn as at,"
            + " current_setting('wal_block_size')::numeric as page,"
            + " (select setting::numeric from pg_settings where name = 'wal_segment_size') as segment) as wal) end";
    /** A server that is not in recovery replays nothing: it is a primary (say, a promoted replica). */
    private static final String REPLAYED = "select pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint";
    private static final String PAUSED = "select pg_is_in_recovery() and pg_is_wal_replay_paused()";

    private final Jdbc primary;
    private final Jdbc replica;

    WalPositions(Jdbc primary, Jdbc replica) {
        this.primary = primary;
        this.replica = replica;
    }

    /** A position of the primary's WAL at or after the commit of every append that has returned. */
    Lsn committed() {
        return primary.autoCommit("reading the primary's WAL position", connection -> {
            try (PreparedStatement query = connection.prepareStatement(COMMITTED); ResultSet rs = query.executeQuery()) {
                rs.next();
                return new Lsn(rs.getLong(1));
            }
        });
    }

    /**
     * Polls the replica (1, 2, 4 .. 16 ms apart, on one connection) until it has replayed the WAL
     * up to {@code target}.
     *
     * @throws ReplicaLagException when it has not within {@code timeout}
     */
    void awaitReplayed(Lsn target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        replica.autoCommit("waiting for the replica to replay " + target, connection -> {
            try (PreparedStatement query = connection.prepareStatement(REPLAYED)) {
                for (int attempt = 0; ; attempt++) {
                    Lsn replayed;
                    try (ResultSet rs = query.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            return null; // a primary shows its own commits
                        }
                        long value = rs.getLong(2);
                        replayed = rs.wasNull() ? null : new Lsn(value);
                    }
                    if (replayed != null && replayed.isAtLeast(target)) {
                        return null;
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new ReplicaLagException(lag(replayed, target, paused(connection)), timeout);
                    }
                    try {
                        TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(1L << Math.min(attempt, 4))));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ReplicaLagException(lag(replayed, target, false) + "; interrupted while waiting", timeout);
                    }
                }
            }
        });
    }

    private static boolean paused(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(PAUSED); ResultSet rs = query.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String lag(Lsn replayed, Lsn target, boolean paused) {
        return "it had replayed the WAL up to " + (replayed == null ? "nothing yet" : replayed) + ", not " + target
                + (replayed == null ? "" : " (" + (target.value() - replayed.value()) + " bytes behind)")
                + (paused ? "; its replay is paused (pg_wal_replay_resume() resumes it)" : "");
    }
}

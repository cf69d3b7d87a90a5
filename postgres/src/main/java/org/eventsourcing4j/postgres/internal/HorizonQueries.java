package org.eventsourcing4j.postgres.internal;

import org.eventsourcing4j.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.postgres.HorizonStatus;
import org.eventsourcing4j.postgres.HorizonStatus.OpenTransaction;
import org.eventsourcing4j.postgres.PostgresSchema;

/** Reports what holds the transaction-id horizon back, from {@code pg_stat_activity}. */
public final class HorizonQueries {
    private final Jdbc jdbc;
    private final String statusSql;
    private static final String PREPARED_SQL = "select gid, transaction::text,"
            + " extract(epoch from clock_timestamp() - prepared), owner::text, database::text"
            + " from pg_prepared_xacts order by age(transaction) desc limit 1";

    private final String heldBackSql;

    public HorizonQueries(PostgresSchema names, Jdbc jdbc) {
        this.jdbc = jdbc;
        // Whether any stored event is at or above the horizon, from the newest event's tx_id:
        // a backward scan of the primary key reads one entry. (An EXISTS with tx_id >= xmin
        // was planned as a sequential scan of the whole table while it had no statistics,
        // which finds nothing when readers are not held back: milliseconds per 25,000 events.)
        String heldBack = "coalesce((select tx_id from " + names.qualified("events")
                + " order by tx_id desc limit 1) >= XMIN, false)";
        this.heldBackSql = "select " + heldBack.replace("XMIN", "pg_snapshot_xmin(pg_current_snapshot())");
        this.statusSql = "with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)"
                + " select horizon.xmin::text, " + heldBack.replace("XMIN", "horizon.xmin") + ","
                + " oldest.pid, oldest.backend_xid::text,"
                + " extract(epoch from clock_timestamp() - oldest.xact_start),"
                + " oldest.state, oldest.application_name, oldest.datname::text, oldest.usename::text, oldest.query"
                + " from horizon left join lateral (select pid, backend_xid, xact_start, state, application_name,"
                + " datname, usename, left(query, 1000) as query from pg_stat_activity"
                + " where backend_xid is not null order by age(backend_xid) desc limit 1) as oldest on true";
    }

    /** The queries, for tests of their plans. */
    List<String> queries() {
        return List.of(heldBackSql, statusSql);
    }

    /**
     * Whether any stored event is at or above the horizon, so that global-log readers may
     * be held back: one index entry, no look at other sessions. Projections ask this each
     * time they catch up; only when it is true is the full {@link #status()} worth reading.
     */
    public boolean heldBack() {
        return jdbc.autoCommit("reading the horizon", connection -> {
            try (PreparedStatement query = connection.prepareStatement(heldBackSql);
                 ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    public HorizonStatus status() {
        return jdbc.autoCommit("reading the horizon status", this::status);
    }

    private HorizonStatus status(Connection connection) throws SQLException {
        long horizon;
        boolean heldBack;
        OpenTransaction oldest = null;
        try (PreparedStatement query = connection.prepareStatement(statusSql);
             ResultSet rs = query.executeQuery()) {
            rs.next();
            horizon = Long.parseLong(rs.getString(1));
            heldBack = rs.getBoolean(2);
            if (rs.getString(4) != null) {
                oldest = new OpenTransaction(rs.getInt(3), rs.getString(4), seconds(rs.getDouble(5)),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
            }
        }
        if (oldest == null) {
            oldest = oldestPrepared(connection);
        }
        return new HorizonStatus(horizon, heldBack, Optional.ofNullable(oldest));
    }

    /** A prepared (two-phase) transaction holds the horizon without any backend. */
    private static OpenTransaction oldestPrepared(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(PREPARED_SQL);
             ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            return new OpenTransaction(0, rs.getString(2), seconds(rs.getDouble(3)),
                    "prepared '" + rs.getString(1) + "'", "", rs.getString(5), rs.getString(4), "");
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1_000_000_000L));
    }
}

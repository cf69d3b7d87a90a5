package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Reads the global log in (tx_id, position) order, only below the transaction-id horizon.
 *
 * <p>Positions come from an identity column, handed out at insert, not at commit: a
 * transaction can commit a lower position after a reader has moved past it, so
 * {@code position > checkpoint} would skip events. Instead every statement reads only
 * events whose transaction id is below {@code pg_snapshot_xmin(pg_current_snapshot())}, the
 * oldest transaction still running when its snapshot was taken. Every transaction below it
 * has ended, and every future transaction gets a larger id, so nothing can ever appear
 * behind a position a reader has passed. The horizon and the rows come from the same
 * snapshot because they are read in one statement. Safety never depends on time; a
 * running writing transaction only delays delivery ({@link HorizonQueries} names it).
 *
 * <p>On a hot standby (a replica the log is read from) the statement is just as safe. There a
 * snapshot is made of the replayed WAL: a primary transaction counts as running until its
 * commit or abort record is replayed, and every transaction id up to the highest the WAL has
 * shown counts as running until then, even one that has written nothing yet (PostgreSQL's
 * KnownAssignedXids), so the standby's xmin is below every transaction that can still commit
 * there too. Only the xmin is used: a standby's {@code pg_current_snapshot()} lists none of
 * the running ids (docs/replicas.md).
 *
 * <p>Read your writes: a transaction that commits is usually still "running" for a reader
 * that started a moment earlier somewhere else, or another client's short transaction
 * holds the horizon for a few milliseconds. So when a read finds committed events it may
 * not return yet (above the horizon) and its page is not full, it reads again, for at most
 * {@code horizonWait}, until the horizon has passed the events it saw. Only a long
 * transaction makes it wait the whole time; it then returns what is safe to return.
 */
public final class GlobalLog {
    private final ReadRouting reads;
    private final long horizonWaitNanos;
    /** Indexed by filter shape: bit 0 = event types, bit 1 = stream prefix. */
    private final String[] pageSql = new String[4];
    private final String headSql;
    private final String lastCommittedSql;

    public GlobalLog(PostgresSchema names, ReadRouting reads, Duration horizonWait) {
        this.reads = reads;
        this.horizonWaitNanos = horizonWait.toNanos();
        String events = names.qualified("events");
        String horizon = "with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)";
        // head: the highest event below the horizon, whatever the filter (where the next read
        // starts when this one reached the end: events the filter dropped still move it on);
        // top: the highest committed event, visible or not yet below the horizon.
        String headAndTop = " from (select 1) as one"
                + " left join lateral (select position, tx_id from " + events
                + " where tx_id < (select xmin from horizon) order by tx_id desc, position desc limit 1) as head on true"
                + " left join lateral (select position, tx_id from " + events
                + " order by tx_id desc, position desc limit 1) as top on true";
        for (int shape = 0; shape < 4; shape++) {
            pageSql[shape] = horizon
                    + " select 0 as kind, page.*, null::bigint as top_position, null::xid8 as top_tx from (select "
                    + EventRows.COLUMNS + " from " + events
                    + " where (tx_id, position) > (?::xid8, ?) and tx_id < (select xmin from horizon)"
                    + ((shape & 1) != 0 ? " and event_type = any(?::text[])" : "")
                    + ((shape & 2) != 0 ? " and starts_with(stream_id, ?)" : "")
                    + " order by tx_id, position limit ?) as page"
                    + " union all select 1, head.position, head.tx_id, null, 0, null, null, 0, null, null, null, null,"
                    + " top.position, top.tx_id" + headAndTop;
        }
        this.headSql = horizon + " select head.position, head.tx_id, top.position, top.tx_id" + headAndTop;
        this.lastCommittedSql = "select position, tx_id from " + events + " order by tx_id desc, position desc limit 1";
    }

    public LogPage read(LogPosition after, int limit, EventFilter filter) {
        boolean byType = !filter.eventTypes().isEmpty();
        boolean byPrefix = !filter.streamPrefix().isEmpty();
        String sql = pageSql[(byType ? 1 : 0) | (byPrefix ? 2 : 0)];
        return reads.globalLog().autoCommit("reading the global log", connection -> {
            long deadline = System.nanoTime() + horizonWaitNanos;
            LogPosition frontier = null;
            for (int attempt = 0; ; attempt++) {
                List<RecordedEvent> events = new ArrayList<>(Math.min(limit, 1024));
                EventRows rows = new EventRows();
                LogPosition[] headAndTop = new LogPosition[2];
                try (PreparedStatement query = connection.prepareStatement(sql)) {
                    int index = 1;
                    query.setString(index++, Long.toString(after.txId()));
                    query.setLong(index++, after.position());
                    if (byType) {
                        query.setArray(index++, connection.createArrayOf("text", filter.eventTypes().toArray()));
                    }
                    if (byPrefix) {
                        query.setString(index++, filter.streamPrefix());
                    }
                    query.setInt(index, limit);
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getInt(1) == 0) {
                                events.add(rows.read(rs, 2, null));
                            } else {
                                headAndTop[0] = position(rs, 3, 2);
                                headAndTop[1] = position(rs, 14, 13);
                            }
                        }
                    }
                }
                if (events.size() == limit) {
                    return new LogPage(events, events.get(limit - 1).logPosition());
                }
                LogPosition head = headAndTop[0];
                if (attempt == 0) {
                    frontier = headAndTop[1];
                }
                if (caughtUp(head, frontier) || !pause(deadline, attempt)) {
                    return new LogPage(events, head != null && head.isAfter(after) ? head : after);
                }
            }
        });
    }

    /**
     * The highest committed event, below the horizon or not; START when there is none. From the
     * primary even where the log is read from a replica: how far a reader really is behind.
     */
    public LogPosition lastCommitted() {
        return reads.primary().autoCommit("reading the last committed position", connection -> {
            try (PreparedStatement query = connection.prepareStatement(lastCommittedSql);
                 ResultSet rs = query.executeQuery()) {
                return rs.next() ? new LogPosition(rs.getLong(2), rs.getLong(1)) : LogPosition.START;
            }
        });
    }

    public LogPosition head() {
        return reads.globalLog().autoCommit("reading the head of the global log", this::head);
    }

    /** {@link #head()} on {@code connection}: the highest event below the horizon, after the read-your-writes wait. */
    LogPosition head(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + horizonWaitNanos;
        LogPosition frontier = null;
        for (int attempt = 0; ; attempt++) {
            LogPosition head;
            try (PreparedStatement query = connection.prepareStatement(headSql);
                 ResultSet rs = query.executeQuery()) {
                rs.next();
                head = position(rs, 2, 1);
                if (attempt == 0) {
                    frontier = position(rs, 4, 3);
                }
            }
            if (caughtUp(head, frontier) || !pause(deadline, attempt)) {
                return head == null ? LogPosition.START : head;
            }
        }
    }

    /** Whether the horizon has passed every event that was committed when the read began. */
    private static boolean caughtUp(LogPosition head, LogPosition frontier) {
        return frontier == null || (head != null && head.compareTo(frontier) >= 0);
    }

    /** Sleeps 1, 2, 4 .. 16 ms; false when the wait is over. */
    private static boolean pause(long deadline, int attempt) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        long nanos = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(1L << Math.min(attempt, 4)));
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static LogPosition position(ResultSet rs, int txColumn, int positionColumn) throws SQLException {
        long position = rs.getLong(positionColumn);
        if (rs.wasNull()) {
            return null;
        }
        return new LogPosition(rs.getLong(txColumn), position);
    }
}

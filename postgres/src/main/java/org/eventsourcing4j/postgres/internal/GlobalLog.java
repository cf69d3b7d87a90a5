package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * long-running writing transaction only delays delivery ({@link HorizonQueries}).
 */
public final class GlobalLog {
    private final Jdbc jdbc;
    /** Indexed by filter shape: bit 0 = event types, bit 1 = stream prefix. */
    private final String[] pageSql = new String[4];
    private final String headSql;

    public GlobalLog(PostgresSchema names, Jdbc jdbc) {
        this.jdbc = jdbc;
        String events = names.qualified("events");
        for (int shape = 0; shape < 4; shape++) {
            pageSql[shape] = "with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)"
                    + " select 0 as kind, page.* from (select " + EventRows.COLUMNS + " from " + events
                    + " where (tx_id, position) > (?::xid8, ?) and tx_id < (select xmin from horizon)"
                    + ((shape & 1) != 0 ? " and event_type = any(?::text[])" : "")
                    + ((shape & 2) != 0 ? " and starts_with(stream_id, ?)" : "")
                    + " order by tx_id, position limit ?) as page"
                    // The highest position below the horizon, whatever the filter: where the
                    // next read starts when this one reached the end (events the filter
                    // dropped still move the reader on).
                    + " union all select 1, head.position, head.tx_id, null, 0, null, null, 0, null, null, null"
                    + " from (select position, tx_id from " + events
                    + " where tx_id < (select xmin from horizon) order by tx_id desc, position desc limit 1) as head";
        }
        this.headSql = "select position, tx_id from " + events
                + " where tx_id < pg_snapshot_xmin(pg_current_snapshot()) order by tx_id desc, position desc limit 1";
    }

    public LogPage read(LogPosition after, int limit, EventFilter filter) {
        boolean byType = !filter.eventTypes().isEmpty();
        boolean byPrefix = !filter.streamPrefix().isEmpty();
        String sql = pageSql[(byType ? 1 : 0) | (byPrefix ? 2 : 0)];
        return jdbc.autoCommit("reading the global log", connection -> {
            List<RecordedEvent> events = new ArrayList<>(Math.min(limit, 1024));
            LogPosition head = null;
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
                query.setFetchSize(0);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(1) == 0) {
                            events.add(EventRows.read(rs, 2, null));
                        } else {
                            head = new LogPosition(rs.getLong(3), rs.getLong(2));
                        }
                    }
                }
            }
            LogPosition next;
            if (events.size() == limit) {
                next = events.get(events.size() - 1).logPosition();
            } else {
                next = head != null && head.isAfter(after) ? head : after;
            }
            return new LogPage(events, next);
        });
    }

    public LogPosition head() {
        return jdbc.autoCommit("reading the head of the global log", GlobalLog.this::head);
    }

    private LogPosition head(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(headSql);
             ResultSet rs = query.executeQuery()) {
            return rs.next() ? new LogPosition(rs.getLong(2), rs.getLong(1)) : LogPosition.START;
        }
    }
}

package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;

/**
 * The SQL of an {@link EventQuery}: an item is {@code event_type = any(:types)} (if it names
 * types) and {@code tags @> :tags} (if it names tags), which the partial GIN index on tags
 * answers; the query is the items joined by {@code or}. Positions compare as
 * {@code (tx_id, position)}, the global log's order.
 */
final class DcbSql {
    private final String events;

    DcbSql(PostgresSchema names) {
        this.events = names.qualified("events");
    }

    /**
     * The first matching event after {@code after}, on the statement's own snapshot, above the
     * horizon too: a condition's check must see every committed event, not only those a
     * global-log reader may return yet.
     */
    Optional<LogPosition> firstAfter(Connection connection, EventQuery query, LogPosition after) throws SQLException {
        List<String[]> arrays = new ArrayList<>();
        String sql = "select tx_id, position from " + events + " where (tx_id, position) > (?::xid8, ?)"
                + matching(query, arrays) + " order by tx_id, position limit 1";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(connection, select, after, arrays);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new LogPosition(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** Up to {@code limit} matching events after {@code after}, below the horizon, in log order. */
    List<RecordedEvent> page(Connection connection, EventQuery query, LogPosition after, int limit)
            throws SQLException {
        List<String[]> arrays = new ArrayList<>();
        String sql = "select " + EventRows.COLUMNS + " from " + events + " where (tx_id, position) > (?::xid8, ?)"
                + " and tx_id < pg_snapshot_xmin(pg_current_snapshot())" + matching(query, arrays)
                + " order by tx_id, position limit " + limit;
        return events(connection, sql, after, arrays);
    }

    /**
     * Every matching event at or before {@code upTo}, which must be at or below a horizon read
     * before: those transactions have all ended, so this statement sees all their events.
     */
    List<RecordedEvent> upTo(Connection connection, EventQuery query, LogPosition upTo) throws SQLException {
        List<String[]> arrays = new ArrayList<>();
        String sql = "select " + EventRows.COLUMNS + " from " + events + " where (tx_id, position) <= (?::xid8, ?)"
                + matching(query, arrays) + " order by tx_id, position";
        return events(connection, sql, upTo, arrays);
    }

    private static List<RecordedEvent> events(Connection connection, String sql, LogPosition position,
                                              List<String[]> arrays) throws SQLException {
        List<RecordedEvent> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(connection, select, position, arrays);
            try (ResultSet rs = select.executeQuery()) {
                EventRows rows = new EventRows();
                while (rs.next()) {
                    found.add(rows.read(rs, 1, null));
                }
            }
        }
        return found;
    }

    /** {@code " and (...)"} for the query's items, or nothing for {@link EventQuery#all()}; arrays in text order. */
    private static String matching(EventQuery query, List<String[]> arrays) {
        if (query.isAll()) {
            return "";
        }
        StringBuilder sql = new StringBuilder(" and (");
        for (int i = 0; i < query.items().size(); i++) {
            QueryItem item = query.items().get(i);
            sql.append(i == 0 ? "(" : " or (");
            if (!item.types().isEmpty()) {
                sql.append("event_type = any(?::text[])");
                arrays.add(item.types().toArray(String[]::new));
            }
            if (!item.tags().isEmpty()) {
                sql.append(item.types().isEmpty() ? "" : " and ").append("tags @> ?::text[]");
                arrays.add(item.tags().toArray(String[]::new));
            }
            sql.append(')');
        }
        return sql.append(')').toString();
    }

    private static void bind(Connection connection, PreparedStatement select, LogPosition position,
                             List<String[]> arrays) throws SQLException {
        select.setString(1, Long.toString(position.txId()));
        select.setLong(2, position.position());
        for (int i = 0; i < arrays.size(); i++) {
            select.setArray(3 + i, connection.createArrayOf("text", arrays.get(i)));
        }
    }
}

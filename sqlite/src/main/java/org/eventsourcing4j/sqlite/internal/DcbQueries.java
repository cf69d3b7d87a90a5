package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;

/**
 * The SQL of an {@link EventQuery} on SQLite. Each item becomes a select of positions: an
 * item with tags walks the {@code es_event_tags} index of its first tag and joins the
 * others (and the event type, if the item names types) on the position; a type-only item
 * reads the {@code (event_type, position)} index. The events are those whose position is in
 * the union of the items' positions, in log order. {@link EventQuery#all()} reads the log.
 *
 * <p>The statements vary with the query's shape, so they are prepared per call (not cached
 * on the writer's session) and closed after it.
 */
public final class DcbQueries {
    private DcbQueries() {
    }

    /** The statement reading the matching events in {@code (after, upTo]}, in log order; the caller closes it. */
    public static PreparedStatement read(Connection connection, EventQuery query, long after, long upTo)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT " + EventRows.SELECTED + " FROM es_events WHERE " + matching(query, after, parameters)
                + " AND position <= ? ORDER BY position";
        parameters.add(upTo);
        return bound(connection, sql, parameters);
    }

    /** The position of the first matching event after {@code after}, if there is one. */
    public static OptionalLong firstAfter(Connection connection, EventQuery query, long after) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT position FROM es_events WHERE " + matching(query, after, parameters)
                + " ORDER BY position LIMIT 1";
        try (PreparedStatement statement = bound(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
        }
    }

    /** The condition on {@code es_events} rows; its parameters are added in text order. */
    private static String matching(EventQuery query, long after, List<Object> parameters) {
        if (query.isAll()) {
            parameters.add(after);
            return "position > ?";
        }
        StringBuilder sql = new StringBuilder("position IN (");
        for (int i = 0; i < query.items().size(); i++) {
            if (i > 0) {
                sql.append(" UNION ");
            }
            item(sql, query.items().get(i), after, parameters);
        }
        return sql.append(')').toString();
    }

    private static void item(StringBuilder sql, QueryItem item, long after, List<Object> parameters) {
        List<String> tags = List.copyOf(item.tags());
        if (tags.isEmpty()) {
            sql.append("SELECT position FROM es_events WHERE event_type IN (");
            types(sql, item, parameters);
            sql.append(") AND position > ?");
            parameters.add(after);
            return;
        }
        sql.append("SELECT t0.position FROM es_event_tags t0");
        for (int t = 1; t < tags.size(); t++) {
            sql.append(" JOIN es_event_tags t").append(t).append(" ON t").append(t).append(".tag = ? AND t")
                    .append(t).append(".position = t0.position");
            parameters.add(tags.get(t));
        }
        if (!item.types().isEmpty()) {
            sql.append(" JOIN es_events e ON e.position = t0.position AND e.event_type IN (");
            types(sql, item, parameters);
            sql.append(')');
        }
        sql.append(" WHERE t0.tag = ? AND t0.position > ?");
        parameters.add(tags.get(0));
        parameters.add(after);
    }

    private static void types(StringBuilder sql, QueryItem item, List<Object> parameters) {
        sql.append("?, ".repeat(item.types().size() - 1)).append('?');
        parameters.addAll(item.types());
    }

    private static PreparedStatement bound(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                Object value = parameters.get(i);
                if (value instanceof Long number) {
                    statement.setLong(i + 1, number);
                } else {
                    statement.setString(i + 1, (String) value);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}

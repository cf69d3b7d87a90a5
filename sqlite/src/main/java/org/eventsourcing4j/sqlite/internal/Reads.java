package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import org.eventsourcing4j.store.StreamSummary;
import org.eventsourcing4j.store.StreamQuery;

/** The read queries, each run on a connection in auto-commit mode. */
public final class Reads {
    private Reads() {
    }

    private static final String STREAM = stream("");
    private static final String STREAM_AS_OF = stream(" AND recorded_at <= ?");
    private static final String HEAD = "SELECT max(position) FROM es_events";
    private static final String PAGE = "SELECT " + EventRows.SELECTED
            + " FROM es_events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?";

    private static String stream(String andRecordedAt) {
        return "SELECT " + EventRows.SELECTED_IN_STREAM + " FROM es_events"
                + " WHERE stream_id = ? AND version >= ? AND version <= ?" + andRecordedAt + " ORDER BY version";
    }

    /**
     * The cached statement for a stream read, parameters bound; the caller streams it and
     * resets it (closes its result set), and does not close it.
     */
    public static PreparedStatement streamQuery(Statements statements, StreamId stream, StreamQuery query)
            throws SQLException {
        boolean asOf = query.recordedAtOrBefore() != null;
        PreparedStatement statement = statements.prepare(asOf ? STREAM_AS_OF : STREAM);
        statement.setString(1, stream.value());
        statement.setLong(2, query.fromVersion());
        statement.setLong(3, query.toVersion());
        if (asOf) {
            statement.setLong(4, EventRows.floorMicros(query.recordedAtOrBefore()));
        }
        return statement;
    }

    /** The event with this id; empty when none has it. */
    public static java.util.Optional<RecordedEvent> event(Connection connection, java.util.UUID eventId)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + EventRows.SELECTED + " FROM es_events WHERE event_id = ?")) {
            statement.setBytes(1, EventRows.uuidBytes(eventId));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? java.util.Optional.of(EventRows.read(rows, null)) : java.util.Optional.empty();
            }
        }
    }

    public static long currentVersion(Connection connection, StreamId stream) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT version FROM es_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1")) {
            statement.setString(1, stream.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /*
     * A loose index scan over the (stream_id, version) index: each step seeks the next stream
     * id after the previous one, so a page costs a few seeks per stream, however long the
     * streams. BINARY collation orders ids by their UTF-8 bytes, so the ids with a prefix are
     * contiguous from the prefix on: the walk stops at the first id without it. The LIMIT in
     * the CTE bounds the walk: the page's streams, one to look ahead, one that ends the range.
     */
    private static final String LIST_STREAMS = "WITH RECURSIVE ids(id) AS ("
            + " SELECT (SELECT stream_id FROM es_events WHERE stream_id >= ?1 AND stream_id > ?2"
            + " ORDER BY stream_id LIMIT 1)"
            + " UNION ALL SELECT (SELECT stream_id FROM es_events WHERE stream_id > ids.id ORDER BY stream_id LIMIT 1)"
            + " FROM ids WHERE ids.id IS NOT NULL AND substr(ids.id, 1, ?3) = ?1 LIMIT ?4)"
            + " SELECT id,"
            + " (SELECT version FROM es_events WHERE stream_id = ids.id ORDER BY version LIMIT 1),"
            + " (SELECT recorded_at FROM es_events WHERE stream_id = ids.id ORDER BY version LIMIT 1),"
            + " (SELECT version FROM es_events WHERE stream_id = ids.id ORDER BY version DESC LIMIT 1),"
            + " (SELECT recorded_at FROM es_events WHERE stream_id = ids.id ORDER BY version DESC LIMIT 1)"
            + " FROM ids WHERE id IS NOT NULL AND substr(id, 1, ?3) = ?1";

    /** One page of the stream listing, in one statement (one snapshot of the file). */
    public static StreamPage streams(Connection connection, StreamListing listing) throws SQLException {
        String prefix = listing.prefix();
        List<StreamSummary> streams = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LIST_STREAMS)) {
            statement.setString(1, prefix);
            statement.setString(2, listing.after().map(StreamId::value).orElse(""));
            statement.setInt(3, prefix.codePointCount(0, prefix.length()));
            statement.setInt(4, listing.limit() + 2);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next() && streams.size() <= listing.limit()) {
                    long first = rows.getLong(2);
                    long last = rows.getLong(4);
                    streams.add(new StreamSummary(StreamId.of(rows.getString(1)), last, last - first + 1,
                            EventRows.fromMicros(rows.getLong(3)), EventRows.fromMicros(rows.getLong(5))));
                }
            }
        }
        return StreamPage.of(streams, listing.limit());
    }

    /** The largest stored position, 0 when the log is empty. */
    public static long head(Statements statements) throws SQLException {
        try (ResultSet rows = statements.prepare(HEAD).executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0; // getLong reads SQL NULL as 0
        }
    }

    /**
     * A page of the global log.
     *
     * <p>The head is read first, in its own statement, and the page query is bounded by it.
     * Positions are allocated in commit order, so when the head statement saw position H,
     * every event at or below H had committed, and the later page statement sees all of
     * them. The page then scans {@code (after, H]}: when it fills up, {@code next} is the
     * position of its last event; when it does not, the scan covered the whole range and
     * {@code next} is H, which moves a filtered reader past the events its filter dropped.
     * No event at or below {@code next} can appear later, so checkpointing it never skips.
     */
    public static LogPage page(Statements statements, LogPosition after, int limit, EventFilter filter)
            throws SQLException {
        long from = after.position();
        long head = head(statements);
        if (head <= from) {
            return new LogPage(List.of(), LogPosition.of(from));
        }
        List<String> types = List.copyOf(filter.eventTypes());
        String prefix = filter.streamPrefix();
        List<RecordedEvent> events = new ArrayList<>(Math.min(limit, 1000));
        if (types.isEmpty() && prefix.isEmpty()) {
            // The unfiltered page, the common one: its SQL is fixed, so the session keeps it prepared.
            PreparedStatement statement = statements.prepare(PAGE);
            statement.setLong(1, from);
            statement.setLong(2, head);
            statement.setInt(3, limit);
            readPage(statement, events);
        } else {
            try (PreparedStatement statement = statements.connection().prepareStatement(
                    filteredPage(types, prefix))) {
                int index = 1;
                statement.setLong(index++, from);
                statement.setLong(index++, head);
                for (String type : types) {
                    statement.setString(index++, type);
                }
                if (!prefix.isEmpty()) {
                    statement.setInt(index++, prefix.codePointCount(0, prefix.length()));
                    statement.setString(index++, prefix);
                }
                statement.setInt(index, limit);
                readPage(statement, events);
            }
        }
        long next = events.size() == limit ? events.get(events.size() - 1).position() : head;
        return new LogPage(events, LogPosition.of(next));
    }

    private static String filteredPage(List<String> types, String prefix) {
        StringBuilder sql = new StringBuilder("SELECT ").append(EventRows.SELECTED)
                .append(" FROM es_events WHERE position > ? AND position <= ?");
        if (!types.isEmpty()) {
            sql.append(" AND event_type IN (").append("?, ".repeat(types.size() - 1)).append("?)");
        }
        if (!prefix.isEmpty()) {
            // A prefix test without LIKE, whose '%' and '_' wildcards (and ASCII case folding)
            // would need escaping: substr counts characters, so pass the prefix's code points.
            sql.append(" AND substr(stream_id, 1, ?) = ?");
        }
        return sql.append(" ORDER BY position LIMIT ?").toString();
    }

    private static void readPage(PreparedStatement statement, List<RecordedEvent> events) throws SQLException {
        EventRows.Decoder decoder = new EventRows.Decoder(null);
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                events.add(decoder.read(rows));
            }
        }
    }
}

package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.spi.MetadataJson;

/**
 * The atomic append across streams: one {@code INSERT ... SELECT} statement for all
 * batches, so in auto-commit mode it is one transaction whose id is assigned after its
 * snapshot saw every stream's head committed, exactly as for one batch (see
 * {@link AppendSql}): per-stream order in the global log holds by construction.
 *
 * <p>The statement reads each stream's head once, checks every batch's expectation (any
 * failure inserts nothing), and inserts the rows in {@link org.eventsourcing4j.store.StreamId}
 * order. The unique index on {@code (stream_id, version)} is the lock: a racing append that
 * wants the same version waits for this one and then fails. Because every multi-stream
 * append meets those indexes in the same canonical order, a statement only ever waits for
 * the first contended stream while holding versions of streams before it, so no cycle of
 * waits (deadlock) can form between them; one-stream appends hold one stream only.
 */
final class MultiAppendSql {

    /** One inserted row. */
    record Row(String stream, long version, long txId, long position) {
    }

    /** Binds parameters from index {@code first} on; returns the next free index. */
    @FunctionalInterface
    interface Binder {
        int bind(Connection connection, PreparedStatement statement, int first) throws SQLException;
    }

    private final String autoCommitSql;
    private final String inTransactionSql;

    MultiAppendSql(PostgresSchema names) {
        String events = names.qualified("events");
        this.autoCommitSql = statement(events, false, i -> "?");
        this.inTransactionSql = statement(events, true, i -> "?");
    }

    /**
     * The statement, its twelve parameters named by {@code parameter} (from 0 on: {@code ?} for
     * JDBC, {@code $n} in {@link LockedAppendSql}'s function).
     */
    static String statement(String events, boolean inOrder, IntFunction<String> parameter) {
        String[] p = new String[12];
        for (int i = 0; i < p.length; i++) {
            p[i] = parameter.apply(i);
        }
        return "with b as (select * from unnest(" + p[0] + "::text[], " + p[1] + "::int8[], " + p[2] + "::uuid[], "
                + p[3] + "::text[], " + p[4] + "::int4[], " + p[5] + "::text[], " + p[6] + "::text[], " + p[7]
                + "::text[]) with ordinality as b(stream, ord, id, type, revision, data, metadata, tags, n)),"
                + " x as (select * from unnest(" + p[8] + "::text[], " + p[9] + "::int8[], " + p[10]
                + "::int8[]) as x(stream, lo, hi)),"
                + " h as (select x.stream, x.lo, x.hi, coalesce(last.head, 0) as head, last.head_tx from x"
                + " left join lateral (select version as head, tx_id as head_tx from " + events
                + " where stream_id = x.stream order by version desc limit 1) as last on true)"
                + " insert into " + events
                + " (stream_id, version, event_id, event_type, revision, data, metadata, recorded_at, tags)"
                + " select b.stream, h.head + b.ord, b.id, b.type, b.revision, b.data::jsonb, b.metadata::jsonb,"
                + " " + p[11] + "::timestamptz, string_to_array(b.tags, ' ') from b join h on h.stream = b.stream"
                + " where not exists (select 1 from h where h.head not between h.lo and h.hi"
                + (inOrder ? " or h.head_tx > pg_current_xact_id()" : "") + ")"
                + " order by b.n returning stream_id, version, tx_id, position";
    }

    /**
     * Runs the statement; empty when an expectation (or, in a caller's transaction, the
     * order check) failed. A taken version or event id throws 23505.
     */
    List<Row> insert(Connection connection, AtomicAppend append, Instant recordedAt, boolean inCallerTransaction)
            throws SQLException {
        return insert(connection, append, recordedAt, inCallerTransaction, null, null, null);
    }

    /**
     * Runs {@code statement}, which takes the parameters of this class's statement (the rows'
     * arrays, the expectations' arrays, the timestamp), for the batches of {@code append}
     * ({@link GroupCommit}'s group statement does).
     */
    List<Row> insert(Connection connection, AtomicAppend append, Instant recordedAt, String statement)
            throws SQLException {
        return insert(connection, append, recordedAt, false, statement, null, null);
    }

    /**
     * {@link #insert(Connection, AtomicAppend, Instant, String)} of a {@code statement} that
     * takes more parameters: those {@code before} binds from index 1 on, then this class's,
     * then those {@code after} binds ({@link LockedAppendSql}'s call).
     */
    List<Row> insert(Connection connection, AtomicAppend append, Instant recordedAt, String statement,
                     Binder before, Binder after) throws SQLException {
        return insert(connection, append, recordedAt, false, statement, before, after);
    }

    private List<Row> insert(Connection connection, AtomicAppend append, Instant recordedAt,
                             boolean inCallerTransaction, String statement, Binder before, Binder after)
            throws SQLException {
        List<AppendBatch> batches = append.batches();
        int[] order = append.canonicalOrder();
        int n = append.size();
        String[] streams = new String[n];
        Long[] ords = new Long[n];
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] revisions = new Integer[n];
        String[] data = new String[n];
        String[] metadata = new String[n];
        String[] tags = new String[n];
        String[] boundStreams = new String[order.length];
        Long[] lows = new Long[order.length];
        Long[] highs = new Long[order.length];
        int row = 0;
        for (int b = 0; b < order.length; b++) {
            AppendBatch batch = batches.get(order[b]);
            long[] range = AppendSql.allowedVersions(batch.expected());
            boundStreams[b] = batch.stream().value();
            lows[b] = range[0];
            highs[b] = range[1];
            List<EventData> events = batch.events();
            for (int i = 0; i < events.size(); i++, row++) {
                EventData event = events.get(i);
                streams[row] = batch.stream().value();
                ords[row] = i + 1L;
                ids[row] = event.eventId();
                types[row] = event.type();
                revisions[row] = event.revision();
                data[row] = event.dataAsString();
                metadata[row] = MetadataJson.encode(event.metadata());
                tags[row] = AppendSql.tagText(event);
            }
        }
        String sql = statement != null ? statement : inCallerTransaction ? inTransactionSql : autoCommitSql;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int first = before == null ? 1 : before.bind(connection, insert, 1);
            insert.setArray(first, connection.createArrayOf("text", streams));
            insert.setArray(first + 1, connection.createArrayOf("int8", ords));
            insert.setArray(first + 2, connection.createArrayOf("uuid", ids));
            insert.setArray(first + 3, connection.createArrayOf("text", types));
            insert.setArray(first + 4, connection.createArrayOf("int4", revisions));
            insert.setArray(first + 5, connection.createArrayOf("text", data));
            insert.setArray(first + 6, connection.createArrayOf("text", metadata));
            insert.setArray(first + 7, connection.createArrayOf("text", tags));
            insert.setArray(first + 8, connection.createArrayOf("text", boundStreams));
            insert.setArray(first + 9, connection.createArrayOf("int8", lows));
            insert.setArray(first + 10, connection.createArrayOf("int8", highs));
            TimestampText.bind(insert, first + 11, recordedAt);
            if (after != null) {
                after.bind(connection, insert, first + 12);
            }
            List<Row> rows = new ArrayList<>(n);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            return rows;
        }
    }

    /** The inserted rows per stream, sorted by version. */
    static Map<String, List<Row>> byStream(List<Row> rows) {
        Map<String, List<Row>> byStream = new HashMap<>();
        for (Row row : rows) {
            byStream.computeIfAbsent(row.stream(), s -> new ArrayList<>()).add(row);
        }
        byStream.values().forEach(list -> list.sort(java.util.Comparator.comparingLong(Row::version)));
        return byStream;
    }
}

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

    /**
     * SQL around the insert: statements before it in the same round trip (none so far:
     * {@code ""}) and more of its where clause (a DCB condition, {@link DcbSql}, checked on the
     * insert's own snapshot, taken after the transaction's lock statement returned).
     */
    record Around(String before, String where, Binder bindBefore, Binder bindWhere) {
    }

    /** Binds parameters from index {@code first} on; returns the next free index. */
    @FunctionalInterface
    interface Binder {
        int bind(Connection connection, PreparedStatement statement, int first) throws SQLException;
    }

    private final String events;
    private final String autoCommitSql;
    private final String inTransactionSql;

    MultiAppendSql(PostgresSchema names) {
        this.events = names.qualified("events");
        this.autoCommitSql = statement(events, false, "");
        this.inTransactionSql = statement(events, true, "");
    }

    private static String statement(String events, boolean inOrder, String where) {
        return "with b as (select * from unnest(?::text[], ?::int8[], ?::uuid[], ?::text[], ?::int4[], ?::text[],"
                + " ?::text[], ?::text[]) with ordinality as b(stream, ord, id, type, revision, data, metadata, tags, n)),"
                + " x as (select * from unnest(?::text[], ?::int8[], ?::int8[]) as x(stream, lo, hi)),"
                + " h as (select x.stream, x.lo, x.hi, coalesce(last.head, 0) as head, last.head_tx from x"
                + " left join lateral (select version as head, tx_id as head_tx from " + events
                + " where stream_id = x.stream order by version desc limit 1) as last on true)"
                + " insert into " + events
                + " (stream_id, version, event_id, event_type, revision, data, metadata, recorded_at, tags)"
                + " select b.stream, h.head + b.ord, b.id, b.type, b.revision, b.data::jsonb, b.metadata::jsonb,"
                + " ?::timestamptz, string_to_array(b.tags, ' ') from b join h on h.stream = b.stream"
                + " where not exists (select 1 from h where h.head not between h.lo and h.hi"
                + (inOrder ? " or h.head_tx > pg_current_xact_id()" : "") + ")" + where
                + " order by b.n returning stream_id, version, tx_id, position";
    }

    /**
     * Runs the statement; empty when an expectation (or, in a caller's transaction, the
     * order check) failed. A taken version or event id throws 23505.
     */
    List<Row> insert(Connection connection, AtomicAppend append, Instant recordedAt, boolean inCallerTransaction)
            throws SQLException {
        return insert(connection, append, recordedAt, inCallerTransaction, null, null);
    }

    /** {@link #insert(Connection, AtomicAppend, Instant, boolean)} with SQL {@code around} it (null: none). */
    List<Row> insert(Connection connection, AtomicAppend append, Instant recordedAt, boolean inCallerTransaction,
                     Around around) throws SQLException {
        return insert(connection, append, recordedAt, inCallerTransaction, around, null);
    }

    /**
     * Runs {@code statement}, which takes the parameters of this class's statement (the rows'
     * arrays, the expectations' arrays, the timestamp), for the batches of {@code append}
     * ({@link GroupCommit}'s group statement does).
     */
    List<Row> insert(Connection connection, AtomicAppend append, Instant recordedAt, String statement)
            throws SQLException {
        return insert(connection, append, recordedAt, false, null, statement);
    }

    private List<Row> insert(Connection connection, AtomicAppend append, Instant recordedAt,
                             boolean inCallerTransaction, Around around, String statement) throws SQLException {
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
        String sql = statement != null ? statement : around == null ? (inCallerTransaction ? inTransactionSql : autoCommitSql)
                : around.before() + statement(events, inCallerTransaction, around.where());
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int first = around == null ? 1 : around.bindBefore().bind(connection, insert, 1);
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
            if (around != null) {
                around.bindWhere().bind(connection, insert, first + 12);
            }
            List<Row> rows = new ArrayList<>(n);
            // With statements before it, the insert's rows are the last result.
            boolean isRows = insert.execute();
            while (isRows || insert.getUpdateCount() != -1) {
                if (isRows) {
                    rows.clear();
                    try (ResultSet rs = insert.getResultSet()) {
                        // The rows of a statement before the insert (the locks) are not the insert's.
                        boolean insertRows = rs.getMetaData().getColumnCount() >= 4;
                        while (rs.next()) {
                            if (insertRows) {
                                rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                            }
                        }
                    }
                }
                isRows = insert.getMoreResults();
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

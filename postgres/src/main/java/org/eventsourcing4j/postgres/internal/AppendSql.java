package org.eventsourcing4j.postgres.internal;

import org.eventsourcing4j.store.spi.MetadataJson;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;

/**
 * The append statement: one round trip, one statement, so in auto-commit mode it is its
 * own transaction.
 *
 * <p>Why one statement is enough for optimistic concurrency and for per-stream order in
 * the global log (see docs/postgres.md):
 * <ul>
 * <li>It inserts the batch right after a version known to be committed: the stream's
 *     current version as its snapshot shows it, or one this store saw committed earlier
 *     (see below). Two appends that start from the same version both insert that
 *     version + 1; the unique index on (stream_id, version) makes the later one wait for
 *     the earlier and then fail with 23505, so a version is never written twice and a
 *     stale read never commits. Versions stay dense: an insert starts right after a
 *     committed version.</li>
 * <li>The global log is ordered by (tx_id, position), so a stream's versions must never go
 *     backwards in transaction-id order. In auto-commit mode that holds by construction:
 *     the transaction id is assigned during the statement, after the stream's last event
 *     was seen committed (by the statement's snapshot, or earlier: an insert that does not
 *     follow the stream's last event fails on the unique index), hence after that event's
 *     transaction got its id. A caller's longer transaction ({@code appendInTransaction})
 *     may have got its id earlier, so its statement also reads the last event's tx_id and
 *     goes ahead only when it is not newer than its own.</li>
 * </ul>
 * When the expectation or the order check fails, the statement inserts nothing and
 * returns no row; the caller then works out why.
 *
 * <p>How the auto-commit form checks the expectation matters for speed (measured with
 * perf and pgbench: the check was the largest part of this store's cost over a plain
 * INSERT). {@code noStream()} needs no check: versions start at 1, so the unique index
 * refuses version 1 of a stream that exists. {@code exactly(v)} needs none either when
 * version v is known to be committed ({@link KnownHeads}): the batch goes at v + 1 and the
 * unique index refuses it if v is no longer the head. Otherwise {@code exactly(v)} probes
 * for version v itself — an equality lookup that reads one index entry — so that a v
 * above the stream's head is refused instead of leaving a gap; only {@code any()} and
 * {@code streamExists()} read the stream's highest version, a backward index scan.
 */
final class AppendSql {

    /** How a statement checks the expectation. */
    private enum Check {
        /** exactly(v): version v exists; the batch goes at v + 1. */
        EXACT,
        /**
         * noStream(), or exactly(v) with v known to be committed: no check, the batch goes
         * at v + 1 (1 for a new stream) and the unique index refuses a taken version.
         */
        NONE,
        /** any(), streamExists(): the batch goes after the highest version, which must be in range. */
        HEAD,
        /** In a caller's transaction: as HEAD, and the last event's transaction must not be newer. */
        HEAD_IN_ORDER
    }

    private final String events;
    /** Indexed by [batch ? 1 : 0][check.ordinal()]. */
    private final String[][] sql = new String[2][Check.values().length];

    AppendSql(PostgresSchema names) {
        this.events = names.qualified("events");
        for (Check check : Check.values()) {
            sql[0][check.ordinal()] = statement(false, check);
            sql[1][check.ordinal()] = statement(true, check);
        }
    }

    /** Parameters in text order: the select list, then the from clause, then the where clause. */
    private String statement(boolean batch, Check check) {
        String version = switch (check) {
            case EXACT, NONE -> "?::bigint";
            case HEAD, HEAD_IN_ORDER -> "coalesce(last.head, 0)";
        };
        StringBuilder sql = new StringBuilder("insert into ").append(events)
                .append(" (stream_id, version, event_id, event_type, revision, data, metadata, recorded_at, tags)");
        // Tags travel as one space-separated text per event (tags contain no white space), NULL without tags.
        if (batch) {
            sql.append(" select ?, ").append(version).append(" + b.ord, b.id, b.type, b.revision,")
                    .append(" b.data::jsonb, b.metadata::jsonb, ?::timestamptz, string_to_array(b.tags, ' ')")
                    .append(" from unnest(?::uuid[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[])")
                    .append(" with ordinality as b(id, type, revision, data, metadata, tags, ord)");
        } else if (check == Check.NONE) {
            sql.append(" values (?, ").append(version)
                    .append(" + 1, ?, ?, ?, ?::jsonb, ?::jsonb, ?::timestamptz, string_to_array(?::text, ' '))");
        } else {
            sql.append(" select ?, ").append(version)
                    .append(" + 1, ?, ?, ?, ?::jsonb, ?::jsonb, ?::timestamptz, string_to_array(?::text, ' ')");
        }
        String from = batch ? ", " : " from ";
        switch (check) {
            case EXACT -> sql.append(" where exists (select 1 from ").append(events)
                    .append(" where stream_id = ? and version = ?)");
            case NONE -> {
            }
            case HEAD -> sql.append(from).append("(select max(version) as head from ").append(events)
                    .append(" where stream_id = ?) as last where coalesce(last.head, 0) between ? and ?");
            case HEAD_IN_ORDER -> sql.append(batch ? " left join lateral" : " from (select 1) as one left join lateral")
                    .append(" (select version as head, tx_id as head_tx from ").append(events)
                    .append(" where stream_id = ? order by version desc limit 1) as last on true")
                    .append(" where coalesce(last.head, 0) between ? and ?")
                    .append(" and (last.head_tx is null or last.head_tx <= pg_current_xact_id())");
        }
        if (batch) {
            sql.append(" order by b.ord");
        }
        return sql.append(" returning position, tx_id, version").toString();
    }

    /**
     * Runs the append statement; empty when the expectation or the order check failed.
     *
     * @param inCallerTransaction whether the connection is in a caller's transaction, which
     *                            needs the order check
     * @param expectedKnown       whether the version an {@code exactly(v)} expectation names is
     *                            known to be committed, so that it need not be checked
     */
    Optional<AppendResult> insert(Connection connection, AppendBatch batch, Instant recordedAt,
                                  boolean inCallerTransaction, boolean expectedKnown) throws SQLException {
        return execute(connection, batch, recordedAt, inCallerTransaction, expectedKnown,
                insert -> result(insert, recordedAt));
    }

    /**
     * Runs the append statement and returns one row per inserted event, indexed by its
     * place in the batch; empty when the expectation or the order check failed. Positions
     * come from a sequence that concurrent appends draw from too, so a batch's positions
     * are not necessarily consecutive: each event gets the position the server returned.
     */
    List<InsertedRow> insertRows(Connection connection, AppendBatch batch, Instant recordedAt, boolean expectedKnown)
            throws SQLException {
        return execute(connection, batch, recordedAt, false, expectedKnown, AppendSql::rows);
    }

    /** An inserted event's place in the global log and its stream version. */
    record InsertedRow(long txId, long position, long version) {
    }

    @FunctionalInterface
    private interface Rows<T> {
        T read(PreparedStatement insert) throws SQLException;
    }

    private <T> T execute(Connection connection, AppendBatch batch, Instant recordedAt, boolean inCallerTransaction,
                          boolean expectedKnown, Rows<T> rows) throws SQLException {
        ExpectedVersion expected = batch.expected();
        Check check = inCallerTransaction ? Check.HEAD_IN_ORDER
                : expected instanceof ExpectedVersion.Exactly ? (expectedKnown ? Check.NONE : Check.EXACT)
                : expected == ExpectedVersion.noStream() ? Check.NONE
                : Check.HEAD;
        long base = expected instanceof ExpectedVersion.Exactly exactly ? exactly.version() : 0;
        List<EventData> events = batch.events();
        boolean many = events.size() > 1;
        String stream = batch.stream().value();
        try (PreparedStatement insert = connection.prepareStatement(sql[many ? 1 : 0][check.ordinal()])) {
            int i = 1;
            insert.setString(i++, stream);
            if (check == Check.EXACT || check == Check.NONE) {
                insert.setLong(i++, base);
            }
            if (many) {
                TimestampText.bind(insert, i++, recordedAt);
                i = setArrays(connection, insert, i, events);
            } else {
                i = bindEvent(insert, i, events.get(0), recordedAt);
            }
            if (check == Check.EXACT) {
                insert.setString(i++, stream);
                insert.setLong(i, base);
            } else if (check == Check.HEAD || check == Check.HEAD_IN_ORDER) {
                bindHead(insert, i, batch);
            }
            return rows.read(insert);
        }
    }

    /**
     * The one-event statement that reads the stream's head ({@code any()}, {@code streamExists()};
     * any expectation fits it, by its range of allowed versions), parameters as {@code ?}:
     * {@link LockedAppendSql}'s one-event function runs it ({@link #bindOneEvent}).
     */
    String oneEventStatement() {
        return sql[0][Check.HEAD.ordinal()];
    }

    /** Binds {@link #oneEventStatement}'s parameters for the one event of {@code batch}; returns the next index. */
    static int bindOneEvent(PreparedStatement insert, int first, AppendBatch batch, Instant recordedAt)
            throws SQLException {
        insert.setString(first, batch.stream().value());
        int next = bindEvent(insert, first + 1, batch.events().get(0), recordedAt);
        return bindHead(insert, next, batch);
    }

    /** The event's columns, then the timestamp and the tags; returns the next index. */
    private static int bindEvent(PreparedStatement insert, int first, EventData event, Instant recordedAt)
            throws SQLException {
        int i = first;
        insert.setObject(i++, event.eventId());
        insert.setString(i++, event.type());
        insert.setInt(i++, event.revision());
        insert.setString(i++, event.dataAsString());
        setNullableString(insert, i++, MetadataJson.encode(event.metadata()));
        TimestampText.bind(insert, i++, recordedAt);
        setNullableString(insert, i++, tagText(event));
        return i;
    }

    /** The head check's stream and range of allowed versions; returns the next index. */
    private static int bindHead(PreparedStatement insert, int first, AppendBatch batch) throws SQLException {
        insert.setString(first, batch.stream().value());
        long[] range = allowedVersions(batch.expected());
        insert.setLong(first + 1, range[0]);
        insert.setLong(first + 2, range[1]);
        return first + 3;
    }

    private static List<InsertedRow> rows(PreparedStatement insert) throws SQLException {
        List<InsertedRow> rows = new ArrayList<>();
        try (ResultSet rs = insert.executeQuery()) {
            while (rs.next()) {
                rows.add(new InsertedRow(rs.getLong(2), rs.getLong(1), rs.getLong(3)));
            }
        }
        // RETURNING gives no order guarantee; versions are dense from the first, so sort by them.
        rows.sort(java.util.Comparator.comparingLong(InsertedRow::version));
        return rows;
    }

    private static Optional<AppendResult> result(PreparedStatement insert, Instant recordedAt) throws SQLException {
        try (ResultSet rs = insert.executeQuery()) {
            long lastPosition = -1;
            long lastTx = 0;
            long lastVersion = 0;
            while (rs.next()) {
                long position = rs.getLong(1);
                if (position > lastPosition) {
                    lastPosition = position;
                    lastTx = rs.getLong(2);
                    lastVersion = rs.getLong(3);
                }
            }
            return lastPosition < 0 ? Optional.empty()
                    : Optional.of(new AppendResult(lastVersion, new LogPosition(lastTx, lastPosition), recordedAt));
        }
    }

    private static int setArrays(Connection connection, PreparedStatement insert, int first, List<EventData> events)
            throws SQLException {
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] revisions = new Integer[n];
        String[] data = new String[n];
        String[] metadata = new String[n];
        String[] tags = new String[n];
        for (int i = 0; i < n; i++) {
            EventData event = events.get(i);
            ids[i] = event.eventId();
            types[i] = event.type();
            revisions[i] = event.revision();
            data[i] = event.dataAsString();
            metadata[i] = MetadataJson.encode(event.metadata());
            tags[i] = tagText(event);
        }
        insert.setArray(first, connection.createArrayOf("uuid", ids));
        insert.setArray(first + 1, connection.createArrayOf("text", types));
        insert.setArray(first + 2, connection.createArrayOf("int4", revisions));
        insert.setArray(first + 3, connection.createArrayOf("text", data));
        insert.setArray(first + 4, connection.createArrayOf("text", metadata));
        insert.setArray(first + 5, connection.createArrayOf("text", tags));
        return first + 6;
    }

    /** The event's tags as the statements pass them: space-separated, null without tags. */
    static String tagText(EventData event) {
        return event.tags().isEmpty() ? null : String.join(" ", event.tags());
    }

    /** The stream versions, lowest and highest, at which an append with this expectation may go ahead. */
    static long[] allowedVersions(ExpectedVersion expected) {
        if (expected instanceof ExpectedVersion.Exactly exactly) {
            return new long[] {exactly.version(), exactly.version()};
        }
        if (expected == ExpectedVersion.noStream()) {
            return new long[] {0, 0};
        }
        if (expected == ExpectedVersion.streamExists()) {
            return new long[] {1, Long.MAX_VALUE};
        }
        return new long[] {0, Long.MAX_VALUE};
    }

    private static void setNullableString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}

package org.eventsourcing4j.postgres.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * <li>It reads the stream's current version and inserts the batch at the following
 *     versions. Two appends that read the same version both insert that version + 1; the
 *     unique index on (stream_id, version) makes the later one wait for the earlier and
 *     then fail with 23505, so a version is never written twice and a stale read never
 *     commits. Versions stay dense: an insert starts right after a committed version.</li>
 * <li>The global log is ordered by (tx_id, position), so a stream's versions must never go
 *     backwards in transaction-id order. In auto-commit mode that holds by construction:
 *     the transaction id is assigned during the statement, after its snapshot showed the
 *     stream's last event committed, hence after that event's transaction got its id. A
 *     caller's longer transaction ({@code appendInTransaction}) may have got its id earlier,
 *     so its statement also reads the last event's tx_id and goes ahead only when it is not
 *     newer than its own.</li>
 * </ul>
 * When the expectation or the order check fails, the statement inserts nothing and
 * returns no row; the caller then works out why. The auto-commit form reads the version
 * with {@code max(version)} (an index probe) and skips the order check it cannot fail:
 * measured, that is a third of this store's cost over a plain INSERT.
 */
final class AppendSql {
    private final String single;
    private final String batch;
    private final String singleChecked;
    private final String batchChecked;

    AppendSql(PostgresSchema names) {
        String events = names.qualified("events");
        String insert = "insert into " + events
                + " (stream_id, version, event_id, event_type, revision, data, metadata, recorded_at)";
        String plainLookup = " from (select max(version) as head from " + events + " where stream_id = ?) as last";
        String orderedLookup = " from (select 1) as one left join lateral (select version as head, tx_id as head_tx from "
                + events + " where stream_id = ? order by version desc limit 1) as last on true";
        String expectation = " where coalesce(last.head, 0) between ? and ?";
        String order = " and (last.head_tx is null or last.head_tx <= pg_current_xact_id())";
        String singleValues = " select ?, coalesce(last.head, 0) + 1, ?, ?, ?, ?::jsonb, ?::jsonb, ?";
        String batchValues = " select ?, coalesce(last.head, 0) + b.ord, b.id, b.type, b.revision,"
                + " b.data::jsonb, b.metadata::jsonb, ?";
        String unnest = ", unnest(?::uuid[], ?::text[], ?::int4[], ?::text[], ?::text[])"
                + " with ordinality as b(id, type, revision, data, metadata, ord)";
        String returning = " returning position, tx_id, version";
        this.single = insert + singleValues + plainLookup + expectation + returning;
        this.singleChecked = insert + singleValues + orderedLookup + expectation + order + returning;
        this.batch = insert + batchValues + plainLookup + unnest + expectation + " order by b.ord" + returning;
        this.batchChecked = insert + batchValues + orderedLookup + unnest + expectation + order
                + " order by b.ord" + returning;
    }

    /**
     * Runs the append statement; empty when the expectation or the order check failed.
     *
     * @param inCallerTransaction whether the connection is in a caller's transaction, which
     *                            needs the order check
     */
    Optional<AppendResult> insert(Connection connection, AppendBatch batch, Instant recordedAt,
                                  boolean inCallerTransaction) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC);
        long[] range = allowedVersions(batch.expected());
        String stream = batch.stream().value();
        List<EventData> events = batch.events();
        boolean one = events.size() == 1;
        String sql = one ? (inCallerTransaction ? singleChecked : single)
                : (inCallerTransaction ? batchChecked : this.batch);
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, stream);
            int next;
            if (one) {
                EventData event = events.get(0);
                insert.setObject(2, event.eventId());
                insert.setString(3, event.type());
                insert.setInt(4, event.revision());
                insert.setString(5, event.dataAsString());
                setNullableString(insert, 6, MetadataJson.encode(event.metadata()));
                insert.setObject(7, at);
                insert.setString(8, stream);
                next = 9;
            } else {
                insert.setObject(2, at);
                insert.setString(3, stream);
                setArrays(connection, insert, events);
                next = 9;
            }
            insert.setLong(next, range[0]);
            insert.setLong(next + 1, range[1]);
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
                        : Optional.of(new AppendResult(lastVersion, new LogPosition(lastTx, lastPosition)));
            }
        }
    }

    private static void setArrays(Connection connection, PreparedStatement insert, List<EventData> events)
            throws SQLException {
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] revisions = new Integer[n];
        String[] data = new String[n];
        String[] metadata = new String[n];
        for (int i = 0; i < n; i++) {
            EventData event = events.get(i);
            ids[i] = event.eventId();
            types[i] = event.type();
            revisions[i] = event.revision();
            data[i] = event.dataAsString();
            metadata[i] = MetadataJson.encode(event.metadata());
        }
        Array[] arrays = {
                connection.createArrayOf("uuid", ids), connection.createArrayOf("text", types),
                connection.createArrayOf("int4", revisions), connection.createArrayOf("text", data),
                connection.createArrayOf("text", metadata)};
        for (int i = 0; i < arrays.length; i++) {
            insert.setArray(4 + i, arrays[i]);
        }
    }

    private static void setNullableString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
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
}

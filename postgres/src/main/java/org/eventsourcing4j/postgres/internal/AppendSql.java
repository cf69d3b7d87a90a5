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
 * <li>It reads the stream's last event and inserts the batch at the following versions.
 *     Two appends that read the same head both insert that head + 1; the unique index on
 *     (stream_id, version) makes the later one wait for the earlier and then fail with
 *     23505, so a version is never written twice and a stale read never commits.</li>
 * <li>The global log is ordered by (tx_id, position). The insert only goes ahead when the
 *     stream's last event belongs to this transaction or an older one, so a stream's
 *     versions never go backwards in that order. In auto-commit mode this always holds:
 *     the transaction id is assigned during the statement, after its snapshot showed the
 *     last event committed, hence after that event's transaction got its id. Only a
 *     caller's longer transaction ({@code appendInTransaction}) can be refused by it.</li>
 * </ul>
 * When the expectation or the order check fails, the statement inserts nothing and
 * returns no row; the caller then works out why.
 */
final class AppendSql {
    private final String single;
    private final String batch;

    AppendSql(PostgresSchema names) {
        String events = names.qualified("events");
        String head = "with last as (select version, tx_id from " + events
                + " where stream_id = ? order by version desc limit 1)"
                + " insert into " + events
                + " (stream_id, version, event_id, event_type, revision, data, metadata, recorded_at)";
        String checks = " where coalesce((select version from last), 0) between ? and ?"
                + " and coalesce((select tx_id from last) <= pg_current_xact_id(), true)";
        this.single = head
                + " select ?, coalesce((select version from last), 0) + 1, ?, ?, ?, ?::jsonb, ?::jsonb, ?"
                + checks
                + " returning position, tx_id, version";
        this.batch = head
                + " select ?, coalesce((select version from last), 0) + b.ord, b.id, b.type, b.revision,"
                + " b.data::jsonb, b.metadata::jsonb, ?"
                + " from unnest(?::uuid[], ?::text[], ?::int4[], ?::text[], ?::text[])"
                + " with ordinality as b(id, type, revision, data, metadata, ord)"
                + checks
                + " order by b.ord"
                + " returning position, tx_id, version";
    }

    /** Runs the append statement; empty when the expectation or the order check failed. */
    Optional<AppendResult> insert(Connection connection, AppendBatch batch, Instant recordedAt) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC);
        long[] range = allowedVersions(batch.expected());
        String stream = batch.stream().value();
        List<EventData> events = batch.events();
        boolean one = events.size() == 1;
        try (PreparedStatement insert = connection.prepareStatement(one ? single : this.batch)) {
            insert.setString(1, stream);
            insert.setString(2, stream);
            int next;
            if (one) {
                EventData event = events.get(0);
                insert.setObject(3, event.eventId());
                insert.setString(4, event.type());
                insert.setInt(5, event.revision());
                insert.setString(6, event.dataAsString());
                setNullableString(insert, 7, MetadataJson.encode(event.metadata()));
                insert.setObject(8, at);
                next = 9;
            } else {
                insert.setObject(3, at);
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

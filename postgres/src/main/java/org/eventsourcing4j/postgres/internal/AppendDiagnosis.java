package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.store.MultiStreamConflictException;
import org.eventsourcing4j.store.StreamConflict;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.spi.IdempotentRetry;

/**
 * Works out why an append inserted nothing: an idempotent retry of a stored batch, a
 * duplicate event id, a version conflict, or a refused transaction order. Runs only on
 * that slow path, so a successful append costs one statement.
 *
 * <p>A retry counts as exact when type, revision, metadata and the payload match. The
 * payload is compared by PostgreSQL as {@code jsonb} ({@code data = candidate::jsonb}):
 * {@code jsonb} normalizes JSON (key order, white space, number spelling such as
 * {@code 1.0e2} and {@code 100}), so the stored bytes differ from the appended ones and
 * only a semantic comparison can recognize a resend.
 */
final class AppendDiagnosis {

    record Head(long version, long txId) {
    }

    private final String headSql;
    private final String storedSql;

    AppendDiagnosis(PostgresSchema names) {
        String events = names.qualified("events");
        this.headSql = "select version, tx_id from " + events + " where stream_id = ? order by version desc limit 1";
        this.storedSql = "select " + EventRows.COLUMNS + ", data = candidate_data::jsonb from " + events
                + " join unnest(?::uuid[], ?::text[]) as candidate(candidate_id, candidate_data)"
                + " on event_id = candidate_id";
    }

    /**
     * @param inCallerTransaction whether the append ran in a caller's transaction, which
     *                            cannot be retried here
     * @return the original result of an exact retry; empty when nothing explains the refusal
     *         any more (a concurrent append moved the stream on), so a new attempt may succeed
     */
    Optional<AppendResult> explain(Connection connection, AppendBatch batch, boolean inCallerTransaction)
            throws SQLException {
        Map<UUID, Boolean> sameData = new HashMap<>();
        List<RecordedEvent> stored = stored(connection, batch, sameData);
        if (!stored.isEmpty()) {
            return IdempotentRetry.check(batch, stored, sameContent(sameData));
        }
        Head head = head(connection, batch.stream());
        if (!batch.expected().isSatisfiedBy(head.version())) {
            throw new ConcurrencyConflictException(batch.stream(), batch.expected(), head.version());
        }
        if (inCallerTransaction) {
            throw new ConcurrencyConflictException(batch.stream(), batch.expected(), head.version(),
                    "the stream's last event was written by a transaction newer than this one; appending"
                            + " here would put the stream out of order in the global log: retry in a new transaction");
        }
        return Optional.empty();
    }

    /**
     * {@link #explain} for an atomic append across streams.
     *
     * @return the original results of an exact retry of the whole call; empty when nothing
     *         explains the refusal any more, so a new attempt may succeed
     */
    Optional<List<AppendResult>> explainAll(Connection connection, AtomicAppend append, boolean inCallerTransaction)
            throws SQLException {
        List<AppendBatch> batches = append.batches();
        Map<UUID, Boolean> sameData = new HashMap<>();
        List<List<RecordedEvent>> stored = new ArrayList<>();
        long[] heads = new long[batches.size()];
        for (int i = 0; i < heads.length; i++) {
            stored.add(stored(connection, batches.get(i), sameData));
            heads[i] = head(connection, batches.get(i).stream()).version();
        }
        Optional<List<AppendResult>> retry = IdempotentRetry.checkAll(append, stored, sameContent(sameData));
        if (retry.isPresent()) {
            return retry;
        }
        IdempotentRetry.requireExpectedVersions(append, heads);
        if (inCallerTransaction) {
            List<StreamConflict> conflicts = new ArrayList<>();
            for (int i : append.canonicalOrder()) {
                conflicts.add(new StreamConflict(batches.get(i).stream(), batches.get(i).expected(), heads[i]));
            }
            throw new MultiStreamConflictException(conflicts, "a stream's last event was written by a transaction"
                    + " newer than this one; appending here would put it out of order in the global log: retry in"
                    + " a new transaction");
        }
        return Optional.empty();
    }

    /**
     * The original results when every batch of {@code append} is stored as an exact retry
     * (for a conditional append whose condition failed: its own stored events may be what
     * fails it); empty otherwise. A partial retry is a {@code DuplicateEventIdException}.
     */
    Optional<List<AppendResult>> retryOf(Connection connection, AtomicAppend append) throws SQLException {
        Map<UUID, Boolean> sameData = new HashMap<>();
        List<List<RecordedEvent>> stored = new ArrayList<>();
        for (AppendBatch batch : append.batches()) {
            stored.add(stored(connection, batch, sameData));
        }
        return IdempotentRetry.checkAll(append, stored, sameContent(sameData));
    }

    /** Whether a stored event is an exact retry of an appended one; the payloads compared by PostgreSQL. */
    private static java.util.function.BiPredicate<RecordedEvent, EventData> sameContent(Map<UUID, Boolean> sameData) {
        return (recorded, event) -> sameData.get(recorded.eventId())
                && recorded.type().equals(event.type())
                && recorded.revision() == event.revision()
                && recorded.metadata().equals(event.metadata())
                && recorded.tags().equals(event.tags());
    }

    Head head(Connection connection, StreamId stream) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(headSql)) {
            query.setString(1, stream.value());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? new Head(rs.getLong(1), rs.getLong(2)) : new Head(0, 0);
            }
        }
    }

    private List<RecordedEvent> stored(Connection connection, AppendBatch batch, Map<UUID, Boolean> sameData)
            throws SQLException {
        List<EventData> events = batch.events();
        UUID[] ids = new UUID[events.size()];
        String[] data = new String[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = events.get(i).eventId();
            data[i] = events.get(i).dataAsString();
        }
        List<RecordedEvent> stored = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(storedSql)) {
            query.setArray(1, connection.createArrayOf("uuid", ids));
            query.setArray(2, connection.createArrayOf("text", data));
            try (ResultSet rs = query.executeQuery()) {
                EventRows rows = new EventRows();
                while (rs.next()) {
                    RecordedEvent event = rows.read(rs, 1, null);
                    stored.add(event);
                    sameData.put(event.eventId(), rs.getBoolean(12));
                }
            }
        }
        return stored;
    }
}

package org.eventsourcing4j.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.jdbc.InlineProjection;
import org.eventsourcing4j.jdbc.InlineProjectionException;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.spi.IdempotentRetry;
import org.sqlite.SQLiteErrorCode;

/**
 * One append as one SQLite write transaction.
 *
 * <p>{@code BEGIN IMMEDIATE} takes the database's single write lock before anything is
 * read, so neither the stream's current version nor the next position can change under us,
 * not even from another process: positions are allocated in commit order (see {@link Schema}
 * for why they are never reused).
 *
 * <p>The happy path does not look event ids up: the UNIQUE index on {@code event_id}
 * refuses a stored id anyway. Only when the version check fails or an insert hits a
 * uniqueness violation are the batch's ids looked up, and {@link IdempotentRetry} decides,
 * exactly as for every other store, whether this is a retry (return the original result)
 * or a duplicate (refuse). Before that lookup the transaction is rolled back, so the rows
 * this batch had already inserted are gone and no part of it is ever committed.
 */
public final class Appender {
    /** The stream's current version and the next free position, in one step: an append's only read. */
    private static final String VERSION_AND_NEXT_POSITION = "SELECT "
            + "coalesce((SELECT version FROM es_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1), 0), "
            + "max(coalesce((SELECT max(position) FROM es_events), 0), "
            + "coalesce((SELECT position FROM es_position_floor WHERE id = 1), 0)) + 1";
    private static final String BY_EVENT_ID = "SELECT " + EventRows.COLUMNS + " FROM es_events WHERE event_id = ?";

    private Appender() {
    }

    /**
     * Runs the append on {@code session}, which must not be in a transaction; {@code inline}
     * projections run on the same connection after the inserts, before the commit.
     */
    public static AppendResult append(Session session, AppendBatch batch, long recordedAtMicros,
                                      List<InlineProjection> inline) throws SQLException {
        session.beginImmediate();
        boolean open = true;
        try {
            long[] versionAndPosition = versionAndNextPosition(session, batch.stream());
            long current = versionAndPosition[0];
            if (!batch.expected().isSatisfiedBy(current)) {
                List<RecordedEvent> stored = storedEvents(session, batch);
                session.rollback();
                open = false;
                return IdempotentRetry.check(batch, stored, RecordedEvent::hasContentOf)
                        .orElseThrow(() -> new ConcurrencyConflictException(batch.stream(), batch.expected(), current));
            }
            long firstPosition = versionAndPosition[1];
            Optional<SQLException> duplicate = insert(session, batch, current, firstPosition, recordedAtMicros);
            if (duplicate.isPresent()) {
                session.rollback();
                open = false;
                List<RecordedEvent> stored = storedEvents(session, batch);
                return IdempotentRetry.check(batch, stored, RecordedEvent::hasContentOf)
                        .orElseThrow(() -> new StorageException("a uniqueness constraint refused stream '"
                                + batch.stream() + "' although none of the batch's event ids is stored and the "
                                + "write lock was held; the database was changed outside this store", duplicate.get()));
            }
            long lastPosition = firstPosition + batch.size() - 1;
            if (!inline.isEmpty()) {
                runInline(session, inline, batch, current, firstPosition, recordedAtMicros);
            }
            open = false; // a failed COMMIT is rolled back below like any other failure
            try {
                session.commit();
            } catch (SQLException e) {
                session.rollbackAfter(e);
                throw e;
            }
            return new AppendResult(current + batch.size(), LogPosition.of(lastPosition),
                    EventRows.fromMicros(recordedAtMicros));
        } catch (SQLException | RuntimeException e) {
            if (open) {
                session.rollbackAfter(e);
            }
            throw e;
        }
    }

    private static void runInline(Session session, List<InlineProjection> inline, AppendBatch batch, long current,
                                  long firstPosition, long recordedAtMicros) {
        Instant recordedAt = EventRows.fromMicros(recordedAtMicros);
        for (int i = 0; i < batch.size(); i++) {
            EventData data = batch.events().get(i);
            RecordedEvent event = new RecordedEvent(data.eventId(), data.type(), batch.stream(), current + i + 1,
                    LogPosition.of(firstPosition + i), recordedAt, data.revision(), data.data(), data.metadata());
            for (InlineProjection projection : inline) {
                try {
                    projection.handler().handle(event, session.connection());
                } catch (SQLException | RuntimeException e) {
                    throw new InlineProjectionException(projection.name(), event, e);
                }
            }
        }
    }

    /** Inserts the batch; the uniqueness violation when an id (or version) is taken. */
    private static Optional<SQLException> insert(Session session, AppendBatch batch, long current, long firstPosition,
                                                 long recordedAtMicros) throws SQLException {
        PreparedStatement insert = session.prepare(EventRows.INSERT);
        List<EventData> events = batch.events();
        for (int i = 0; i < events.size(); i++) {
            EventRows.bindInsert(insert, firstPosition + i, batch.stream(), current + i + 1, events.get(i),
                    recordedAtMicros);
            try {
                insert.executeUpdate();
            } catch (SQLException e) {
                if (SqliteErrors.primaryCode(e) == SQLiteErrorCode.SQLITE_CONSTRAINT) {
                    return Optional.of(e);
                }
                throw e;
            }
        }
        return Optional.empty();
    }

    private static long[] versionAndNextPosition(Session session, StreamId stream) throws SQLException {
        PreparedStatement query = session.prepare(VERSION_AND_NEXT_POSITION);
        query.setString(1, stream.value());
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        }
    }

    private static List<RecordedEvent> storedEvents(Session session, AppendBatch batch) throws SQLException {
        PreparedStatement query = session.prepare(BY_EVENT_ID);
        List<RecordedEvent> stored = new ArrayList<>(0);
        for (EventData event : batch.events()) {
            query.setBytes(1, EventRows.uuidBytes(event.eventId()));
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    stored.add(EventRows.read(rows, null));
                }
            }
        }
        return stored;
    }
}

package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ErasureRecord;
import org.eventsourcing4j.store.ErasureRequest;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamDeletedException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamLifecycle;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.StreamState;
import org.eventsourcing4j.store.StreamState.Status;
import org.eventsourcing4j.store.spi.Lifecycles;
import org.eventsourcing4j.support.Checks;

/**
 * The SQLite store's {@link StreamLifecycle}. Each operation is one {@code BEGIN IMMEDIATE}
 * transaction, so it is serialized with every append, also of other processes. The state of
 * retired and truncated streams is in {@code es_stream_lifecycle}; a trigger on
 * {@code es_events} refuses rows of a retired stream and rows below a truncation, so no
 * writer can reuse a name; the appender's refusal is then explained from that state.
 * Archived events move to {@code es_archived_events} with their positions, and come back
 * with them. Deleted positions are never handed out again (see {@link Schema}).
 */
public final class SqliteLifecycle implements StreamLifecycle {
    private static final String STATE = "SELECT status, first_version FROM es_stream_lifecycle WHERE stream_id = ?";
    private static final String HEAD = "SELECT coalesce(max(version), 0) FROM es_events WHERE stream_id = ?";
    private static final String NEXT_POSITION = "SELECT max(coalesce((SELECT max(position) FROM es_events), 0), "
            + "coalesce((SELECT position FROM es_position_floor WHERE id = 1), 0)) + 1";
    private static final String SET_STATE = "INSERT INTO es_stream_lifecycle (stream_id, status, first_version, changed_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET status = excluded.status,"
            + " first_version = excluded.first_version, changed_at = excluded.changed_at";

    private final Database database;
    private final Clock clock;
    private final java.util.function.Consumer<StreamId> erasing;

    /** @param erasing runs before a hard delete's transaction: deletes the stream's snapshots */
    public SqliteLifecycle(Database database, Clock clock, java.util.function.Consumer<StreamId> erasing) {
        this.database = database;
        this.clock = clock;
        this.erasing = erasing;
    }

    /** The stream's state, read with the session's cached statement. */
    public static StreamState state(Statements statements, StreamId stream) throws SQLException {
        PreparedStatement query = statements.prepare(STATE);
        query.setString(1, stream.value());
        try (ResultSet row = query.executeQuery()) {
            return row.next() ? new StreamState(Status.valueOf(row.getString(1)), row.getLong(2)) : StreamState.live();
        }
    }

    @Override
    public StreamState state(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return database.readSession("reading the lifecycle state of stream '" + stream + "'", s -> state(s, stream));
    }

    /** The events of an archived stream the query selects; materialized (archived streams are read rarely). */
    public List<RecordedEvent> readArchived(Connection connection, StreamId stream, StreamQuery query) throws SQLException {
        List<RecordedEvent> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + EventRows.SELECTED
                + " FROM es_archived_events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version")) {
            select.setString(1, stream.value());
            select.setLong(2, query.fromVersion());
            select.setLong(3, query.toVersion());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    RecordedEvent event = EventRows.read(rows, stream);
                    if (query.matches(event.version(), event.recordedAt())) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }

    /** The archived event with this id. */
    public static Optional<RecordedEvent> archivedEvent(Connection connection, UUID eventId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + EventRows.SELECTED
                + " FROM es_archived_events WHERE event_id = ?")) {
            select.setBytes(1, EventRows.uuidBytes(eventId));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(EventRows.read(row, null)) : Optional.empty();
            }
        }
    }

    /** The last version of an archived stream. */
    public static long archivedHead(Connection connection, StreamId stream) throws SQLException {
        return count(connection, "SELECT coalesce(max(version), 0) FROM es_archived_events WHERE stream_id = ?", stream);
    }

    @Override
    public AppendResult softDelete(StreamId stream, String reason) {
        Checks.notNull(stream, "stream id");
        EventData marker = Lifecycles.deletedMarker(reason);
        return transaction("deleting stream '" + stream + "'", session -> {
            StreamState state = state(session, stream);
            Lifecycles.refuseRetired(stream, state);
            long head = count(session.connection(), HEAD, stream);
            Lifecycles.requireEvents(stream, head, "delete");
            AppendResult result = insertMarker(session, stream, head, marker);
            setState(session, stream, Status.DELETED, state.firstVersion());
            return result;
        });
    }

    @Override
    public long truncateBefore(StreamId stream, long version) {
        Checks.notNull(stream, "stream id");
        return transaction("truncating stream '" + stream + "'", session -> {
            StreamState state = state(session, stream);
            Lifecycles.refuseRetired(stream, state);
            Lifecycles.checkTruncation(stream, version, count(session.connection(), HEAD, stream));
            if (version <= state.firstVersion()) {
                return 0L;
            }
            long removed = delete(session, "DELETE FROM es_events WHERE stream_id = ? AND version < ?", stream, version);
            setState(session, stream, Status.LIVE, version);
            return removed;
        });
    }

    @Override
    public ErasureRecord hardDelete(StreamId stream, ErasureRequest request) {
        Checks.notNull(stream, "stream id");
        Checks.notNull(request, "erasure request");
        // Overwrite freed pages with zeros (on the writer connection, which the snapshot store shares):
        // without it the content stays in the file's free pages.
        database.write("erasing stream '" + stream + "'", session -> {
            session.execute("PRAGMA secure_delete = ON");
            return null;
        });
        // Snapshots hold the content too; deleted first, so a failed erasure leaves only a cache emptied.
        erasing.accept(stream);
        ErasureRecord erasure = transaction("erasing stream '" + stream + "'", session -> {
            Connection connection = session.connection();
            StreamState state = state(session, stream);
            if (state.status() == Status.ERASED) {
                throw new InvalidArgumentException("stream", "'" + stream.value() + "' is erased already");
            }
            long head = Math.max(count(connection, HEAD, stream), archivedHead(connection, stream));
            Lifecycles.requireEvents(stream, head, "erase");
            long erased = delete(session, "DELETE FROM es_events WHERE stream_id = ? AND version <= ?", stream, head)
                    + delete(session, "DELETE FROM es_archived_events WHERE stream_id = ? AND version <= ?", stream, head);
            setState(session, stream, Status.LIVE, head + 1);
            insertMarker(session, stream, head, Lifecycles.erasedMarker());
            setState(session, stream, Status.ERASED, head + 1);
            ErasureRecord record = new ErasureRecord(stream, request.requestedBy(), request.reason(),
                    Limits.recordedAt(clock.instant()), erased, head);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO es_erasures (stream_id,"
                    + " requested_by, reason, erased_at, events_erased, last_version) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, stream.value());
                insert.setString(2, record.requestedBy());
                insert.setString(3, record.reason());
                insert.setLong(4, EventRows.toMicros(record.erasedAt()));
                insert.setLong(5, erased);
                insert.setLong(6, head);
                insert.executeUpdate();
            }
            return record;
        });
        // Best effort: move the WAL's frames (older page images hold the content) into the file and truncate the WAL.
        database.write("checkpointing after an erasure", session -> {
            session.execute("PRAGMA secure_delete = OFF");
            try (ResultSet ignored = session.connection().createStatement().executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                return null;
            }
        });
        return erasure;
    }

    @Override
    public List<ErasureRecord> erasures() {
        return database.read("reading the erasure records", connection -> {
            List<ErasureRecord> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT stream_id, requested_by, reason,"
                    + " erased_at, events_erased, last_version FROM es_erasures ORDER BY id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(new ErasureRecord(StreamId.of(rows.getString(1)), rows.getString(2), rows.getString(3),
                            EventRows.fromMicros(rows.getLong(4)), rows.getLong(5), rows.getLong(6)));
                }
            }
            return records;
        });
    }

    @Override
    public long archive(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return transaction("archiving stream '" + stream + "'", session -> {
            StreamState state = state(session, stream);
            if (state.isDeleted()) {
                throw new StreamDeletedException(stream, state.status() == Status.ERASED);
            }
            if (state.status() == Status.ARCHIVED) {
                throw new InvalidArgumentException("stream", "'" + stream.value() + "' is archived already");
            }
            Lifecycles.requireEvents(stream, count(session.connection(), HEAD, stream), "archive");
            try (PreparedStatement copy = session.connection().prepareStatement("INSERT INTO es_archived_events ("
                    + EventRows.COLUMNS + ", archived_at) SELECT " + EventRows.COLUMNS + ", ? FROM es_events"
                    + " WHERE stream_id = ?")) {
                copy.setLong(1, EventRows.toMicros(Limits.recordedAt(clock.instant())));
                copy.setString(2, stream.value());
                copy.executeUpdate();
            }
            long moved = delete(session, "DELETE FROM es_events WHERE stream_id = ? AND version >= ?", stream, 1);
            setState(session, stream, Status.ARCHIVED, state.firstVersion());
            return moved;
        });
    }

    @Override
    public long restore(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return transaction("restoring stream '" + stream + "'", session -> {
            StreamState state = state(session, stream);
            if (state.status() != Status.ARCHIVED) {
                throw new InvalidArgumentException("stream", "'" + stream.value() + "' is not archived");
            }
            setState(session, stream, Status.LIVE, state.firstVersion());
            try (PreparedStatement copy = session.connection().prepareStatement("INSERT INTO es_events ("
                    + EventRows.COLUMNS + ") SELECT " + EventRows.COLUMNS + " FROM es_archived_events"
                    + " WHERE stream_id = ? ORDER BY version")) {
                copy.setString(1, stream.value());
                copy.executeUpdate();
            }
            return delete(session, "DELETE FROM es_archived_events WHERE stream_id = ? AND version >= ?", stream, 1);
        });
    }

    private AppendResult insertMarker(Session session, StreamId stream, long head, EventData marker) throws SQLException {
        long position;
        try (PreparedStatement next = session.connection().prepareStatement(NEXT_POSITION);
             ResultSet row = next.executeQuery()) {
            row.next();
            position = row.getLong(1);
        }
        long micros = EventRows.toMicros(Limits.recordedAt(clock.instant()));
        PreparedStatement insert = session.prepare(EventRows.INSERT);
        EventRows.bindInsert(insert, position, stream, head + 1, marker, micros);
        insert.executeUpdate();
        return new AppendResult(head + 1, LogPosition.of(position), EventRows.fromMicros(micros));
    }

    private void setState(Session session, StreamId stream, Status status, long firstVersion) throws SQLException {
        try (PreparedStatement upsert = session.connection().prepareStatement(SET_STATE)) {
            upsert.setString(1, stream.value());
            upsert.setString(2, status.name());
            upsert.setLong(3, firstVersion);
            upsert.setLong(4, EventRows.toMicros(Limits.recordedAt(clock.instant())));
            upsert.executeUpdate();
        }
    }

    private static long delete(Session session, String sql, StreamId stream, long version) throws SQLException {
        try (PreparedStatement delete = session.connection().prepareStatement(sql)) {
            delete.setString(1, stream.value());
            delete.setLong(2, version);
            return delete.executeUpdate();
        }
    }

    private static long count(Connection connection, String sql, StreamId stream) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, stream.value());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private <T> T transaction(String action, Database.Work<Session, T, RuntimeException> work) {
        return database.write(action, session -> {
            session.beginImmediate();
            try {
                T result = work.run(session);
                session.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                session.rollbackAfter(e);
                throw e;
            }
        });
    }
}

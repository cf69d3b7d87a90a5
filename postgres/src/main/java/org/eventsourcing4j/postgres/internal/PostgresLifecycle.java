package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
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
import org.eventsourcing4j.store.spi.MetadataJson;
import org.eventsourcing4j.support.Checks;

/**
 * The PostgreSQL store's {@link StreamLifecycle}.
 *
 * <p>The design, since the rest of the store was built on "events are never deleted":
 * <ul>
 * <li>{@code <prefix>stream_lifecycle} holds the state of every stream ever retired or
 *     truncated. A {@code BEFORE INSERT} trigger on the events table refuses a row of a
 *     retired stream or below a truncation (SQLSTATE {@code ES4J1}), for every writer:
 *     this instance's appender, whose {@link KnownHeads} shortcut skips the existence check,
 *     other processes, and older library versions. The append itself is unchanged; only
 *     a refused append reads the state ({@link #explainRefusal}).</li>
 * <li>Every operation runs in one transaction that first takes an exclusive
 *     transaction-scoped advisory lock on the stream; the trigger takes the same lock
 *     shared. So an append is either committed before the operation reads the stream
 *     (and is deleted, archived or kept with it) or sees the new state and is refused;
 *     none can slip in between, not even {@code noStream()} into an erased stream.</li>
 * <li>Removing rows never moves a surviving one: positions and transaction ids stay, so
 *     global-log checkpoints ({@code txId/position}) stay valid and a reader never skips a
 *     survivor. The marker events are ordinary appends (after the lock, so their
 *     transaction id is newer than the stream's last event's). Archived rows keep their
 *     position and transaction id in {@code <prefix>archived_events} and come back with
 *     them on restore, below every reader that had passed them.</li>
 * </ul>
 */
public final class PostgresLifecycle implements StreamLifecycle {
    /** The SQLSTATE the trigger raises. */
    static final String REFUSED = "ES4J1";

    private final PostgresSchema names;
    private final Jdbc jdbc;
    private final Clock clock;
    private final java.util.function.Consumer<StreamId> erasing;
    private final AppendDiagnosis diagnosis;
    private final String events;
    private final String states;
    private final String archived;
    private final String erasures;
    private final int lockClass;

    /** @param erasing runs before a hard delete's transaction: deletes the stream's snapshots */
    public PostgresLifecycle(PostgresSchema names, Jdbc jdbc, Clock clock, java.util.function.Consumer<StreamId> erasing) {
        this.erasing = erasing;
        this.names = names;
        this.jdbc = jdbc;
        this.clock = clock;
        this.diagnosis = new AppendDiagnosis(names);
        this.events = names.qualified("events");
        this.states = names.qualified("stream_lifecycle");
        this.archived = names.qualified("archived_events");
        this.erasures = names.qualified("erasures");
        this.lockClass = lockClass(names);
    }

    private static int lockClass(PostgresSchema names) {
        return (int) PostgresDialect.lockKey("eventsourcing4j-lifecycle:" + names.schema() + "." + names.tablePrefix());
    }

    /** Migration 2 of the events component. */
    static List<String> migration(PostgresSchema n) {
        String function = '"' + n.schema() + "\".\"" + n.local("refuse_retired") + '"';
        return List.of(
                "create table if not exists " + n.qualified("stream_lifecycle") + " (stream_id text primary key,"
                        + " status text not null check (status in ('LIVE', 'DELETED', 'ERASED', 'ARCHIVED')),"
                        + " first_version bigint not null check (first_version >= 1),"
                        + " changed_at timestamptz not null)",
                "create table if not exists " + n.qualified("archived_events") + " (position bigint primary key,"
                        + " tx_id xid8 not null, stream_id text not null, version bigint not null,"
                        + " event_id uuid not null unique, event_type text not null, revision int not null,"
                        + " data jsonb not null, metadata jsonb, recorded_at timestamptz not null,"
                        + " archived_at timestamptz not null, unique (stream_id, version))",
                "create table if not exists " + n.qualified("erasures") + " (id bigint generated always as identity primary key,"
                        + " stream_id text not null, requested_by text not null, reason text not null,"
                        + " erased_at timestamptz not null, events_erased bigint not null, last_version bigint not null)",
                "comment on table " + n.qualified("erasures") + " is 'eventsourcing4j erasure audit:"
                        + " who erased which stream when and why; never the content'",
                "create or replace function " + function + "() returns trigger language plpgsql as $$\n"
                        + "declare s record;\n"
                        + "begin\n"
                        + "  perform pg_advisory_xact_lock_shared(" + lockClass(n) + ", hashtext(new.stream_id));\n"
                        + "  select status, first_version into s from " + n.qualified("stream_lifecycle")
                        + " where stream_id = new.stream_id;\n"
                        + "  if found and (s.status <> 'LIVE' or new.version < s.first_version) then\n"
                        + "    raise exception 'eventsourcing4j: stream % is %, first version %: version % refused',"
                        + " new.stream_id, s.status, s.first_version, new.version using errcode = '" + REFUSED + "';\n"
                        + "  end if;\n"
                        + "  return new;\n"
                        + "end $$",
                "drop trigger if exists \"" + n.local("refuse_retired") + "\" on " + n.qualified("events"),
                "create trigger \"" + n.local("refuse_retired") + "\" before insert on " + n.qualified("events")
                        + " for each row execute function " + function + "()");
    }

    @Override
    public StreamState state(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return jdbc.autoCommit("reading the lifecycle state of stream '" + stream + "'", c -> state(c, stream));
    }

    private StreamState state(Connection connection, StreamId stream) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select status, first_version from " + states + " where stream_id = ?")) {
            query.setString(1, stream.value());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? new StreamState(Status.valueOf(row.getString(1)), row.getLong(2)) : StreamState.live();
            }
        }
    }

    /**
     * Explains a refused append from the stream's state: returns the original result of a
     * retry of events still stored (a deleted stream keeps them), throws the lifecycle's
     * typed error, or returns empty when the state does not explain it.
     */
    public Optional<AppendResult> explainRefusal(AppendBatch batch) {
        return jdbc.autoCommit("explaining a refused append", connection -> {
            StreamState state = state(connection, batch.stream());
            if (!state.isRetired() && !state.isTruncated()) {
                return Optional.<AppendResult>empty();
            }
            if (state.status() == Status.DELETED || state.status() == Status.LIVE) {
                try {
                    Optional<AppendResult> retry = diagnosis.explain(connection, batch, false);
                    if (retry.isPresent()) {
                        return retry;
                    }
                } catch (ConcurrencyConflictException notARetry) {
                    // the state explains it below, or the conflict stands
                }
            }
            Lifecycles.checkAppend(state, batch);
            return Optional.<AppendResult>empty();
        });
    }

    /** The state of a stream before a read; refuses reads of deleted streams and below a truncation. */
    public StreamState checkRead(StreamId stream, StreamQuery query) {
        StreamState state = state(stream);
        Lifecycles.checkRead(stream, state, query);
        return state;
    }

    /** The events of an archived stream the query selects; materialized (archived streams are read rarely). */
    public List<RecordedEvent> readArchived(StreamId stream, StreamQuery query) {
        return jdbc.autoCommit("reading archived stream '" + stream + "'", connection -> {
            List<RecordedEvent> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select " + EventRows.COLUMNS + " from "
                    + archived + " where stream_id = ? and version between ? and ? order by version")) {
                select.setString(1, stream.value());
                select.setLong(2, query.fromVersion());
                select.setLong(3, query.toVersion());
                try (ResultSet rows = select.executeQuery()) {
                    EventRows reader = new EventRows();
                    while (rows.next()) {
                        RecordedEvent event = reader.read(rows, 1, stream);
                        if (query.matches(event.version(), event.recordedAt())) {
                            found.add(event);
                        }
                    }
                }
            }
            return found;
        });
    }

    /** An archived event by id; empty when none. */
    public Optional<RecordedEvent> archivedEvent(UUID eventId) {
        return jdbc.autoCommit("reading archived event " + eventId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + EventRows.COLUMNS + " from " + archived + " where event_id = ?")) {
                select.setObject(1, eventId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new EventRows().read(row, 1, null)) : Optional.<RecordedEvent>empty();
                }
            }
        });
    }

    /** The last version of an archived stream; 0 when it has none. */
    public long archivedHead(StreamId stream) {
        return jdbc.autoCommit("reading the version of archived stream '" + stream + "'",
                connection -> head(connection, archived, stream));
    }

    @Override
    public AppendResult softDelete(StreamId stream, String reason) {
        Checks.notNull(stream, "stream id");
        EventData marker = Lifecycles.deletedMarker(reason);
        return locked("deleting stream '" + stream + "'", stream, connection -> {
            StreamState state = state(connection, stream);
            Lifecycles.refuseRetired(stream, state);
            long head = head(connection, events, stream);
            Lifecycles.requireEvents(stream, head, "delete");
            AppendResult result = insertMarker(connection, stream, head, marker);
            setState(connection, stream, Status.DELETED, state.firstVersion());
            return result;
        });
    }

    @Override
    public long truncateBefore(StreamId stream, long version) {
        Checks.notNull(stream, "stream id");
        return locked("truncating stream '" + stream + "'", stream, connection -> {
            StreamState state = state(connection, stream);
            Lifecycles.refuseRetired(stream, state);
            Lifecycles.checkTruncation(stream, version, head(connection, events, stream));
            if (version <= state.firstVersion()) {
                return 0L;
            }
            setState(connection, stream, Status.LIVE, version);
            return delete(connection, "delete from " + events + " where stream_id = ? and version < ?", stream, version);
        });
    }

    @Override
    public ErasureRecord hardDelete(StreamId stream, ErasureRequest request) {
        Checks.notNull(stream, "stream id");
        Checks.notNull(request, "erasure request");
        // Snapshots hold the content too; deleted first, so a failed erasure leaves only a cache emptied.
        erasing.accept(stream);
        return locked("erasing stream '" + stream + "'", stream, connection -> {
            StreamState state = state(connection, stream);
            if (state.status() == Status.ERASED) {
                throw new InvalidArgumentException("stream", "'" + stream.value() + "' is erased already");
            }
            long head = Math.max(head(connection, events, stream), head(connection, archived, stream));
            Lifecycles.requireEvents(stream, head, "erase");
            // The marker first: this transaction's id is then assigned after the stream's last event committed.
            setState(connection, stream, Status.LIVE, head + 1);
            insertMarker(connection, stream, head, Lifecycles.erasedMarker());
            long erased = delete(connection, "delete from " + events + " where stream_id = ? and version <= ?", stream, head)
                    + delete(connection, "delete from " + archived + " where stream_id = ? and version <= ?", stream, head);
            setState(connection, stream, Status.ERASED, head + 1);
            Instant at = Limits.recordedAt(clock.instant());
            try (PreparedStatement insert = connection.prepareStatement("insert into " + erasures
                    + " (stream_id, requested_by, reason, erased_at, events_erased, last_version) values (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, stream.value());
                insert.setString(2, request.requestedBy());
                insert.setString(3, request.reason());
                insert.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                insert.setLong(5, erased);
                insert.setLong(6, head);
                insert.executeUpdate();
            }
            return new ErasureRecord(stream, request.requestedBy(), request.reason(), at, erased, head);
        });
    }

    @Override
    public List<ErasureRecord> erasures() {
        return jdbc.autoCommit("reading the erasure records", connection -> {
            List<ErasureRecord> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select stream_id, requested_by, reason,"
                    + " erased_at, events_erased, last_version from " + erasures + " order by id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(new ErasureRecord(StreamId.of(rows.getString(1)), rows.getString(2), rows.getString(3),
                            rows.getObject(4, OffsetDateTime.class).toInstant(), rows.getLong(5), rows.getLong(6)));
                }
            }
            return records;
        });
    }

    @Override
    public long archive(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return locked("archiving stream '" + stream + "'", stream, connection -> {
            StreamState state = state(connection, stream);
            if (state.isDeleted()) {
                throw new StreamDeletedException(stream, state.status() == Status.ERASED);
            }
            if (state.status() == Status.ARCHIVED) {
                throw new InvalidArgumentException("stream", "'" + stream.value() + "' is archived already");
            }
            Lifecycles.requireEvents(stream, head(connection, events, stream), "archive");
            try (PreparedStatement copy = connection.prepareStatement("insert into " + archived + " ("
                    + EventRows.COLUMNS + ", archived_at) select " + EventRows.COLUMNS + ", ? from " + events
                    + " where stream_id = ?")) {
                copy.setObject(1, OffsetDateTime.ofInstant(Limits.recordedAt(clock.instant()), ZoneOffset.UTC));
                copy.setString(2, stream.value());
                copy.executeUpdate();
            }
            setState(connection, stream, Status.ARCHIVED, state.firstVersion());
            return delete(connection, "delete from " + events + " where stream_id = ? and version >= ?", stream, 1);
        });
    }

    @Override
    public long restore(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return locked("restoring stream '" + stream + "'", stream, connection -> {
            StreamState state = state(connection, stream);
            if (state.status() != Status.ARCHIVED) {
                throw new InvalidArgumentException("stream", "'" + stream.value() + "' is not archived");
            }
            setState(connection, stream, Status.LIVE, state.firstVersion());
            try (PreparedStatement copy = connection.prepareStatement("insert into " + events + " ("
                    + EventRows.COLUMNS + ") overriding system value select " + EventRows.COLUMNS + " from "
                    + archived + " where stream_id = ? order by version")) {
                copy.setString(1, stream.value());
                copy.executeUpdate();
            }
            return delete(connection, "delete from " + archived + " where stream_id = ? and version >= ?", stream, 1);
        });
    }

    private AppendResult insertMarker(Connection connection, StreamId stream, long head, EventData marker)
            throws SQLException {
        Instant at = Limits.recordedAt(clock.instant());
        try (PreparedStatement insert = connection.prepareStatement("insert into " + events
                + " (stream_id, version, event_id, event_type, revision, data, metadata, recorded_at)"
                + " values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?) returning position, tx_id")) {
            insert.setString(1, stream.value());
            insert.setLong(2, head + 1);
            insert.setObject(3, marker.eventId());
            insert.setString(4, marker.type());
            insert.setInt(5, marker.revision());
            insert.setString(6, marker.dataAsString());
            insert.setString(7, MetadataJson.encode(marker.metadata()));
            insert.setObject(8, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new AppendResult(head + 1, new LogPosition(row.getLong(2), row.getLong(1)), at);
            }
        }
    }

    private void setState(Connection connection, StreamId stream, Status status, long firstVersion) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into " + states
                + " (stream_id, status, first_version, changed_at) values (?, ?, ?, ?) on conflict (stream_id)"
                + " do update set status = excluded.status, first_version = excluded.first_version,"
                + " changed_at = excluded.changed_at")) {
            upsert.setString(1, stream.value());
            upsert.setString(2, status.name());
            upsert.setLong(3, firstVersion);
            upsert.setObject(4, OffsetDateTime.ofInstant(Limits.recordedAt(clock.instant()), ZoneOffset.UTC));
            upsert.executeUpdate();
        }
    }

    private static long head(Connection connection, String table, StreamId stream) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select coalesce(max(version), 0) from " + table + " where stream_id = ?")) {
            query.setString(1, stream.value());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static long delete(Connection connection, String sql, StreamId stream, long version) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, stream.value());
            delete.setLong(2, version);
            return delete.executeUpdate();
        }
    }

    /** Runs {@code work} in one transaction holding the stream's exclusive lifecycle lock. */
    private <T> T locked(String action, StreamId stream, org.eventsourcing4j.jdbc.SqlWork<T, RuntimeException> work) {
        return jdbc.inTransaction(action, connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, lockClass);
                lock.setString(2, stream.value());
                lock.execute();
            }
            return work.run(connection);
        });
    }
}

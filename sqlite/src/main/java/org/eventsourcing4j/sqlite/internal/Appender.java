package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eventsourcing4j.jdbc.InlineProjection;
import org.eventsourcing4j.jdbc.InlineProjectionException;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.AppendConditionFailedException;
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
    private static final String BY_EVENT_ID = "SELECT " + EventRows.SELECTED + " FROM es_events WHERE event_id = ?";

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
            Attempt attempt = attempt(session, batch, recordedAtMicros, inline);
            if (attempt.refused() != null) {
                // Nothing of this batch may be committed: roll back before reading what is stored.
                session.rollback();
                open = false;
                return attempt.refused().explain(session);
            }
            open = false; // a failed COMMIT is rolled back below like any other failure
            try {
                session.commit();
            } catch (SQLException e) {
                session.rollbackAfter(e);
                throw e;
            }
            return attempt.result();
        } catch (SQLException | RuntimeException e) {
            if (open) {
                session.rollbackAfter(e);
            }
            throw e;
        }
    }

    /**
     * Appends inside the caller's open transaction on {@code connection} (auto-commit off),
     * which the caller commits or rolls back. A refused append leaves that transaction
     * usable: it runs under a savepoint.
     *
     * <p>Positions stay in commit order: before anything is read, a write statement takes
     * SQLite's single write lock for the caller's transaction (held until it ends, so no
     * other writer allocates a position in between). If the transaction read an older state
     * of the database before, WAL mode refuses that lock (SQLITE_BUSY_SNAPSHOT), which
     * surfaces as a retryable error: retry in a new transaction.
     */
    public static AppendResult appendInTransaction(Connection connection, AppendBatch batch, long recordedAtMicros)
            throws SQLException {
        try (StatementCache statements = new StatementCache(connection)) {
            Savepoint savepoint = connection.setSavepoint();
            Attempt attempt;
            try {
                statements.prepare(TAKE_WRITE_LOCK).executeUpdate();
                attempt = attempt(statements, batch, recordedAtMicros, List.of());
            } catch (SQLException | RuntimeException e) {
                rollback(connection, savepoint, e);
                throw e;
            }
            if (attempt.refused() != null) {
                rollback(connection, savepoint, null);
                return attempt.refused().explain(statements);
            }
            connection.releaseSavepoint(savepoint);
            return attempt.result();
        }
    }

    /**
     * Appends every batch of {@code append} in one write transaction on {@code session}
     * (not in a transaction), in the caller's order: the write lock is held throughout, so
     * the batches' positions are consecutive and nothing can change between the checks. Any
     * refusal rolls all of it back before it is explained.
     */
    public static List<AppendResult> appendAll(Session session, AtomicAppend append, long recordedAtMicros,
                                               List<InlineProjection> inline) throws SQLException {
        return appendAll(session, append, recordedAtMicros, inline, null);
    }

    /**
     * {@link #appendAll} on a DCB condition (null: none), checked in the same write
     * transaction before anything is written: the write lock held since {@code BEGIN
     * IMMEDIATE} keeps every other writer, in any process, out between the check and the
     * commit. A failed check rolls back and is answered with the original results when the
     * call is an exact retry of stored batches (whose own events may match the condition).
     *
     * @throws AppendConditionFailedException an event matching the condition's query is stored after its position
     */
    public static List<AppendResult> appendAll(Session session, AtomicAppend append, long recordedAtMicros,
                                               List<InlineProjection> inline, AppendCondition condition)
            throws SQLException {
        session.beginImmediate();
        boolean open = true;
        try {
            OptionalLong conflict = condition == null ? OptionalLong.empty()
                    : DcbQueries.firstAfter(session.connection(), condition.failIfEventsMatch(),
                    condition.after().position());
            if (conflict.isPresent()) {
                session.rollback();
                open = false;
                List<List<RecordedEvent>> stored = new ArrayList<>();
                for (AppendBatch batch : append.batches()) {
                    stored.add(storedEvents(session, batch));
                }
                return IdempotentRetry.checkAll(append, stored, RecordedEvent::hasContentOf).orElseThrow(
                        () -> new AppendConditionFailedException(condition, LogPosition.of(conflict.getAsLong())));
            }
            List<AppendResult> results = attemptAll(session, append, recordedAtMicros, inline);
            if (results == null) {
                session.rollback();
                open = false;
                return explainAll(session, append);
            }
            open = false;
            try {
                session.commit();
            } catch (SQLException e) {
                session.rollbackAfter(e);
                throw e;
            }
            return results;
        } catch (SQLException | RuntimeException e) {
            if (open) {
                session.rollbackAfter(e);
            }
            throw e;
        }
    }

    /** {@link #appendAll} inside the caller's open transaction, under a savepoint (see {@link #appendInTransaction}). */
    public static List<AppendResult> appendAllInTransaction(Connection connection, AtomicAppend append,
                                                            long recordedAtMicros) throws SQLException {
        try (StatementCache statements = new StatementCache(connection)) {
            Savepoint savepoint = connection.setSavepoint();
            List<AppendResult> results;
            try {
                statements.prepare(TAKE_WRITE_LOCK).executeUpdate();
                results = attemptAll(statements, append, recordedAtMicros, List.of());
            } catch (SQLException | RuntimeException e) {
                rollback(connection, savepoint, e);
                throw e;
            }
            if (results == null) {
                rollback(connection, savepoint, null);
                return explainAll(statements, append);
            }
            connection.releaseSavepoint(savepoint);
            return results;
        }
    }

    /** The results, or null when a batch was refused (roll back, then {@link #explainAll}). */
    private static List<AppendResult> attemptAll(Statements statements, AtomicAppend append, long recordedAtMicros,
                                                 List<InlineProjection> inline) throws SQLException {
        List<AppendResult> results = new ArrayList<>(append.batches().size());
        for (AppendBatch batch : append.batches()) {
            Attempt attempt = attempt(statements, batch, recordedAtMicros, inline);
            if (attempt.refused() != null) {
                return null;
            }
            results.add(attempt.result());
        }
        return List.copyOf(results);
    }

    /** After the rollback: an exact retry of the whole call, a duplicate id, or the conflicts. */
    private static List<AppendResult> explainAll(Statements statements, AtomicAppend append) throws SQLException {
        List<List<RecordedEvent>> stored = new ArrayList<>();
        long[] current = new long[append.batches().size()];
        for (int i = 0; i < current.length; i++) {
            AppendBatch batch = append.batches().get(i);
            stored.add(storedEvents(statements, batch));
            current[i] = versionAndNextPosition(statements, batch.stream())[0];
        }
        Optional<List<AppendResult>> retry = IdempotentRetry.checkAll(append, stored, RecordedEvent::hasContentOf);
        if (retry.isPresent()) {
            return retry.get();
        }
        IdempotentRetry.requireExpectedVersions(append, current);
        throw new StorageException("a uniqueness constraint refused an atomic append although none of its event ids"
                + " is stored and the write lock was held; the database was changed outside this store", null);
    }

    /** A write that changes nothing, to take the write lock before the first read. */
    private static final String TAKE_WRITE_LOCK = "UPDATE es_position_floor SET position = position WHERE id = 1";

    /** What one attempt did: the result, or why the batch was refused (to be explained after the rollback). */
    private record Attempt(AppendResult result, Refusal refused) {
    }

    /** A batch refused by the version check or a uniqueness constraint; explained from what is stored. */
    private record Refusal(AppendBatch batch, long current, SQLException duplicate) {
        AppendResult explain(Statements statements) throws SQLException {
            List<RecordedEvent> stored = storedEvents(statements, batch);
            Optional<AppendResult> retry = IdempotentRetry.check(batch, stored, RecordedEvent::hasContentOf);
            if (retry.isPresent()) {
                return retry.get();
            }
            if (duplicate == null) {
                throw new ConcurrencyConflictException(batch.stream(), batch.expected(), current);
            }
            throw new StorageException("a uniqueness constraint refused stream '" + batch.stream()
                    + "' although none of the batch's event ids is stored and the write lock was held;"
                    + " the database was changed outside this store", duplicate);
        }
    }

    /** Reads the version and next position and inserts the batch, in a transaction holding the write lock. */
    private static Attempt attempt(Statements statements, AppendBatch batch, long recordedAtMicros,
                                   List<InlineProjection> inline) throws SQLException {
        long[] versionAndPosition = versionAndNextPosition(statements, batch.stream());
        long current = versionAndPosition[0];
        if (!batch.expected().isSatisfiedBy(current)) {
            return new Attempt(null, new Refusal(batch, current, null));
        }
        long firstPosition = versionAndPosition[1];
        Optional<SQLException> duplicate = insert(statements, batch, current, firstPosition, recordedAtMicros);
        if (duplicate.isPresent()) {
            return new Attempt(null, new Refusal(batch, current, duplicate.get()));
        }
        if (!inline.isEmpty()) {
            runInline(statements, inline, batch, current, firstPosition, recordedAtMicros);
        }
        long lastPosition = firstPosition + batch.size() - 1;
        return new Attempt(new AppendResult(current + batch.size(), LogPosition.of(lastPosition),
                EventRows.fromMicros(recordedAtMicros)), null);
    }

    private static void rollback(Connection connection, Savepoint savepoint, Throwable failure) throws SQLException {
        try {
            connection.rollback(savepoint);
        } catch (SQLException rollbackFailure) {
            if (failure == null) {
                throw rollbackFailure;
            }
            failure.addSuppressed(rollbackFailure); // the original failure is the one that leaves
        }
    }

    private static void runInline(Statements session, List<InlineProjection> inline, AppendBatch batch, long current,
                                  long firstPosition, long recordedAtMicros) {
        Instant recordedAt = EventRows.fromMicros(recordedAtMicros);
        for (int i = 0; i < batch.size(); i++) {
            EventData data = batch.events().get(i);
            RecordedEvent event = new RecordedEvent(data.eventId(), data.type(), batch.stream(), current + i + 1,
                    LogPosition.of(firstPosition + i), recordedAt, data.revision(), data.data(), data.metadata(),
                    data.tags());
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
    private static Optional<SQLException> insert(Statements session, AppendBatch batch, long current, long firstPosition,
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

    private static long[] versionAndNextPosition(Statements session, StreamId stream) throws SQLException {
        PreparedStatement query = session.prepare(VERSION_AND_NEXT_POSITION);
        query.setString(1, stream.value());
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        }
    }

    private static List<RecordedEvent> storedEvents(Statements session, AppendBatch batch) throws SQLException {
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

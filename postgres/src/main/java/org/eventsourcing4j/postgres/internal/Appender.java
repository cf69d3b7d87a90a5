package org.eventsourcing4j.postgres.internal;

import org.eventsourcing4j.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.eventsourcing4j.jdbc.InlineProjection;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.SqlFailure;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.jdbc.InlineProjectionException;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.store.MultiStreamConflictException;
import org.eventsourcing4j.store.StreamConflict;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.dcb.AppendCondition;

/**
 * Appends batches: in auto-commit mode as one statement, retried internally when it lost a
 * race that the expectation allows it to win again; or inside a caller's transaction.
 */
public final class Appender {
    /**
     * Attempts of one append under contention before giving up with a (retryable) conflict,
     * and the random pauses between them (from up to 0.2 ms growing to up to 5 ms, the first
     * retry at once). Only expectations a later attempt can still meet ({@code any()},
     * {@code streamExists()}) loop; the bound is a few seconds of losing every race, which 64
     * attempts of at most 2 ms were not on a loaded 2-core machine (a contract test with 8
     * writers on one stream failed that way once).
     */
    static final RetryPolicy CONTENTION = new RetryPolicy(512, Duration.ofNanos(200_000), Duration.ofMillis(5));

    private final Jdbc jdbc;
    private final Clock clock;
    private final AppendSql sql;
    private final AppendDiagnosis diagnosis;
    private final KnownHeads known;
    private final MultiAppendSql multi;
    private final LockedAppendSql locked;

    public Appender(PostgresSchema names, Jdbc jdbc, Clock clock, KnownHeads known) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.known = known;
        this.sql = new AppendSql(names);
        this.diagnosis = new AppendDiagnosis(names);
        this.multi = new MultiAppendSql(names);
        this.locked = new LockedAppendSql(names);
    }

    /**
     * Appends in its own transaction. Returns the result and whether this call wrote the
     * events (false for an idempotent retry of a stored batch).
     */
    public Outcome append(AppendBatch batch) {
        return append(batch, (Locking) null);
    }

    /**
     * {@link #append(AppendBatch)} of tagged events with their {@code locking} (null: none):
     * one call of {@link LockedAppendSql}'s function in auto-commit mode, which takes the
     * locks and then inserts.
     */
    public Outcome append(AppendBatch batch, Locking locking) {
        return committed(batch, retrying(batch,
                () -> jdbc.autoCommit("append", connection -> attempt(connection, batch, locking))));
    }

    /** Remembers the version a committed append left the stream at. */
    private Outcome committed(AppendBatch batch, Outcome outcome) {
        known.committed(batch.stream(), outcome.result().streamVersion());
        return outcome;
    }

    /** Whether the version an {@code exactly(v)} append expects is known to be committed. */
    private boolean expectedKnown(AppendBatch batch) {
        return batch.expected() instanceof ExpectedVersion.Exactly exactly && known.exists(batch.stream(), exactly.version());
    }

    /** Runs attempts (each null when it lost a race) until one decides, with backoff. */
    private Outcome retrying(AppendBatch batch, java.util.function.Supplier<Outcome> attempts) {
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = attempts.get();
            if (outcome != null) {
                return outcome;
            }
            if (!CONTENTION.allowsAnotherAfter(attempt)) {
                throw new ConcurrencyConflictException(batch.stream(), batch.expected(),
                        jdbc.autoCommit("append", connection -> diagnosis.head(connection, batch.stream()).version()),
                        "the stream is too contended: " + attempt + " attempts lost the race");
            }
            if (attempt > 1) {
                LockSupport.parkNanos(CONTENTION.backoffBefore(attempt).toNanos());
            }
        }
    }

    /**
     * Appends in a transaction of its own in which {@code inline} projections see each
     * appended event, on the same connection, before the commit. A handler that throws
     * rolls everything back ({@link InlineProjectionException}). An idempotent retry of a
     * stored batch runs no handler: its events were projected when they were stored.
     *
     * <p>The insert is the transaction's first statement, so, as in auto-commit mode, the
     * transaction id is assigned after its snapshot saw the stream's last event committed:
     * per-stream order in the global log holds without the in-order check. The handlers
     * only make the transaction (and so the horizon) last longer.
     */
    public Outcome append(AppendBatch batch, List<InlineProjection> inline) {
        return append(batch, inline, null);
    }

    /**
     * {@link #append(AppendBatch, List)} with {@code guard} (null: none) run first in each
     * attempt's transaction: the locks of tagged events ({@link TagLocks}). Lock statements
     * assign no transaction id, so the insert still gets its id after its snapshot.
     */
    public Outcome append(AppendBatch batch, List<InlineProjection> inline, Guard guard) {
        return committed(batch, retrying(batch, () -> jdbc.inTransaction("append", connection -> {
            if (guard != null) {
                guard.before(connection);
            }
            return attemptInline(connection, batch, inline);
        })));
    }

    /** Runs first in an append's transaction, before its insert: takes its locks, checks its condition. */
    @FunctionalInterface
    public interface Guard {
        /**
         * @return the original results of an exact retry of stored batches (nothing is written
         *         then), or null to go on with the insert
         */
        List<AppendResult> before(Connection connection) throws SQLException;
    }

    private Outcome attemptInline(Connection connection, AppendBatch batch, List<InlineProjection> inline)
            throws SQLException {
        Instant recordedAt = now();
        try {
            List<AppendSql.InsertedRow> rows = sql.insertRows(connection, batch, recordedAt, expectedKnown(batch));
            if (!rows.isEmpty()) {
                runInline(connection, inline, batch, rows, recordedAt);
                AppendSql.InsertedRow last = rows.get(rows.size() - 1);
                long lastPosition = rows.stream().mapToLong(AppendSql.InsertedRow::position).max().orElseThrow();
                return new Outcome(new AppendResult(last.version(), new LogPosition(last.txId(), lastPosition),
                        recordedAt), true);
            }
        } catch (SQLException e) {
            SqlFailure failure = PostgresDialect.INSTANCE.classify(e);
            if (failure == SqlFailure.CONNECTION_LOST) {
                throw e; // nothing to roll back on a dead connection; the caller runs it again
            }
            // The failed statement aborted the transaction: end it before anything else runs on it.
            rollback(connection, e);
            if (failure == SqlFailure.SERIALIZATION) {
                return null;
            }
            if (failure != SqlFailure.UNIQUE_VIOLATION) {
                throw rejectedData(e, failure).orElseThrow(() -> e);
            }
        }
        return diagnosis.explain(connection, batch, false).map(result -> new Outcome(result, false)).orElse(null);
    }

    private static void runInline(Connection connection, List<InlineProjection> inline, AppendBatch batch,
                                  List<AppendSql.InsertedRow> rows, Instant recordedAt) {
        for (int i = 0; i < rows.size(); i++) {
            EventData data = batch.events().get(i);
            AppendSql.InsertedRow row = rows.get(i);
            RecordedEvent event = new RecordedEvent(data.eventId(), data.type(), batch.stream(), row.version(),
                    new LogPosition(row.txId(), row.position()), recordedAt, data.revision(), data.data(),
                    data.metadata(), data.tags());
            for (InlineProjection projection : inline) {
                try {
                    projection.handler().handle(event, connection);
                } catch (Exception e) {
                    throw new InlineProjectionException(projection.name(), event, e);
                }
            }
        }
    }

    /** One attempt; null when it lost a race and a new attempt may succeed. */
    private Outcome attempt(Connection connection, AppendBatch batch, Locking locking) throws SQLException {
        try {
            if (locking != null) {
                AtomicAppend append = AtomicAppend.of(List.of(batch));
                Instant recordedAt = now();
                List<MultiAppendSql.Row> rows = insert(connection, append, recordedAt, locking);
                if (!rows.isEmpty()) {
                    return new Outcome(results(append, rows, recordedAt).get(0), true);
                }
                return diagnosis.explain(connection, batch, false).map(result -> new Outcome(result, false))
                        .orElse(null);
            }
            Optional<AppendResult> written = sql.insert(connection, batch, now(), false, expectedKnown(batch));
            if (written.isPresent()) {
                return new Outcome(written.get(), true);
            }
        } catch (SQLException e) {
            SqlFailure failure = PostgresDialect.INSTANCE.classify(e);
            if (failure == SqlFailure.SERIALIZATION) {
                return null; // the server aborted the statement (serialization failure, deadlock): run it again
            }
            if (failure != SqlFailure.UNIQUE_VIOLATION) {
                throw rejectedData(e, failure).orElseThrow(() -> e);
            }
            // A concurrent append took the version, or an event id is stored already. The
            // statement was rolled back; the diagnosis tells a retry of a stored batch, a
            // conflict, and a lost race that a new attempt may win (any(), streamExists()).
        }
        return diagnosis.explain(connection, batch, false).map(result -> new Outcome(result, false)).orElse(null);
    }

    /**
     * Appends inside the caller's open transaction on {@code connection}, which the caller
     * commits or rolls back. A refused append leaves that transaction usable (it runs under
     * a savepoint). No internal retry: a conflict is the caller's to handle.
     */
    public Outcome appendInTransaction(Connection connection, AppendBatch batch, Guard guard) {
        try {
            if (connection.getAutoCommit()) {
                throw new InvalidArgumentException("connection",
                        "must be in a transaction (auto-commit off); use append(batch) otherwise");
            }
            if (guard != null) {
                guard.before(connection);
            }
            Savepoint savepoint = connection.setSavepoint();
            Optional<AppendResult> written;
            try {
                // Nothing is recorded as known here: the caller's transaction may still roll back.
                written = sql.insert(connection, batch, now(), true, false);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                SqlFailure failure = PostgresDialect.INSTANCE.classify(e);
                if (failure == SqlFailure.CONNECTION_LOST) {
                    throw e;
                }
                rollback(connection, savepoint, e);
                if (failure != SqlFailure.UNIQUE_VIOLATION) {
                    throw rejectedData(e, failure).orElseThrow(() -> e);
                }
                written = Optional.empty();
            }
            if (written.isPresent()) {
                return new Outcome(written.get(), true);
            }
            // In a caller's transaction the diagnosis always ends in a result or an exception.
            return new Outcome(diagnosis.explain(connection, batch, true).orElseThrow(), false);
        } catch (SQLException e) {
            throw PostgresDialect.INSTANCE.translate(e, "append", classify(e, connection));
        }
    }

    /**
     * Appends the batches of {@code append} atomically in one statement
     * ({@link MultiAppendSql}): in auto-commit mode, or, with inline projections, in a
     * transaction whose first statement it is. Retried like one batch when it lost a race
     * that the expectations allow it to win again.
     */
    public List<AppendResult> appendAll(AtomicAppend append, List<InlineProjection> inline, boolean[] wrote) {
        return appendAll(append, inline, wrote, null);
    }

    /**
     * How an append of tagged events, or a conditional one, locks and checks: in one call of
     * {@link LockedAppendSql}'s function, which takes the SHARE ROW EXCLUSIVE table lock
     * ({@code wholeLog}) or the advisory {@code keys} (ascending), then checks {@code condition}
     * (null: none), then inserts; {@code whenRefused} (null: none) explains an insert that
     * wrote nothing, before the usual diagnosis.
     */
    public static final class Locking {
        final boolean wholeLog;
        final long[] keys;
        final AppendCondition condition;
        final Guard whenRefused;

        Locking(boolean wholeLog, long[] keys, AppendCondition condition, Guard whenRefused) {
            this.wholeLog = wholeLog;
            this.keys = keys;
            this.condition = condition;
            this.whenRefused = whenRefused;
        }
    }

    /**
     * {@link #appendAll(AtomicAppend, List, boolean[])} with {@code locking} (null: none): the
     * locks of tagged events, or a DCB condition's locks and check ({@link PostgresDcb}).
     */
    public List<AppendResult> appendAll(AtomicAppend append, List<InlineProjection> inline, boolean[] wrote,
                                        Locking locking) {
        for (int attempt = 1; ; attempt++) {
            // The locks, a condition's check and the insert are one statement: in auto-commit mode
            // without inline projections, else the first statement of the transaction.
            List<AppendResult> results = inline.isEmpty()
                    ? jdbc.autoCommit("append", connection -> attemptAll(connection, append, List.of(), wrote, false,
                            locking))
                    : jdbc.inTransaction("append", connection -> attemptAll(connection, append, inline, wrote, true,
                            locking));
            if (results != null) {
                if (wrote[0]) {
                    for (int i = 0; i < results.size(); i++) {
                        known.committed(append.batches().get(i).stream(), results.get(i).streamVersion());
                    }
                }
                return results;
            }
            if (!CONTENTION.allowsAnotherAfter(attempt)) {
                List<StreamConflict> conflicts = new ArrayList<>();
                for (int i : append.canonicalOrder()) {
                    AppendBatch batch = append.batches().get(i);
                    conflicts.add(new StreamConflict(batch.stream(), batch.expected(), jdbc.autoCommit("append",
                            connection -> diagnosis.head(connection, batch.stream()).version())));
                }
                throw new MultiStreamConflictException(conflicts,
                        "the streams are too contended: " + attempt + " attempts lost the race");
            }
            if (attempt > 1) {
                LockSupport.parkNanos(CONTENTION.backoffBefore(attempt).toNanos());
            }
        }
    }

    private List<AppendResult> attemptAll(Connection connection, AtomicAppend append, List<InlineProjection> inline,
                                          boolean[] wrote, boolean inTransaction, Locking locking) throws SQLException {
        Instant recordedAt = now();
        wrote[0] = false;
        try {
            List<MultiAppendSql.Row> rows = insert(connection, append, recordedAt, locking);
            if (!rows.isEmpty()) {
                List<AppendResult> results = results(append, rows, recordedAt);
                if (!inline.isEmpty()) {
                    Map<String, List<MultiAppendSql.Row>> byStream = MultiAppendSql.byStream(rows);
                    for (AppendBatch batch : append.batches()) {
                        List<AppendSql.InsertedRow> inserted = new ArrayList<>();
                        for (MultiAppendSql.Row row : byStream.get(batch.stream().value())) {
                            inserted.add(new AppendSql.InsertedRow(row.txId(), row.position(), row.version()));
                        }
                        runInline(connection, inline, batch, inserted, recordedAt);
                    }
                }
                wrote[0] = true;
                return results;
            }
        } catch (SQLException e) {
            SqlFailure failure = PostgresDialect.INSTANCE.classify(e);
            if (inTransaction) {
                if (failure == SqlFailure.CONNECTION_LOST) {
                    throw e;
                }
                rollback(connection, e);
            }
            if (failure == SqlFailure.SERIALIZATION) {
                return null;
            }
            if (failure != SqlFailure.UNIQUE_VIOLATION) {
                throw rejectedData(e, failure).orElseThrow(() -> e);
            }
        }
        if (locking != null && locking.whenRefused != null) {
            List<AppendResult> retried = locking.whenRefused.before(connection);
            if (retried != null) {
                return retried;
            }
        }
        return diagnosis.explainAll(connection, append, false).orElse(null);
    }

    /**
     * The atomic insert, with {@code locking} (null: none) one call of {@link LockedAppendSql}'s
     * function: of its one-event function for one event.
     */
    private List<MultiAppendSql.Row> insert(Connection connection, AtomicAppend append, Instant recordedAt,
                                            Locking locking) throws SQLException {
        if (locking != null && append.size() == 1) {
            return locked.insertOne(connection, append.batches().get(0), recordedAt, locking);
        }
        return locking == null ? multi.insert(connection, append, recordedAt, false)
                : multi.insert(connection, append, recordedAt, locked.call(),
                        (c, statement, first) -> LockedAppendSql.bindLocks(c, statement, first, locking.wholeLog,
                                locking.keys),
                        (c, statement, first) -> LockedAppendSql.bindCondition(c, statement, first,
                                locking.condition));
    }

    /** {@link #appendAll} inside the caller's open transaction, under a savepoint, with the order check. */
    public List<AppendResult> appendAllInTransaction(Connection connection, AtomicAppend append, Guard guard) {
        try {
            if (connection.getAutoCommit()) {
                throw new InvalidArgumentException("connection",
                        "must be in a transaction (auto-commit off); use appendAll(batches) otherwise");
            }
            if (guard != null) {
                guard.before(connection);
            }
            Instant recordedAt = now();
            Savepoint savepoint = connection.setSavepoint();
            List<MultiAppendSql.Row> rows;
            try {
                rows = multi.insert(connection, append, recordedAt, true);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                SqlFailure failure = PostgresDialect.INSTANCE.classify(e);
                if (failure == SqlFailure.CONNECTION_LOST) {
                    throw e;
                }
                rollback(connection, savepoint, e);
                if (failure != SqlFailure.UNIQUE_VIOLATION) {
                    throw rejectedData(e, failure).orElseThrow(() -> e);
                }
                rows = List.of();
            }
            if (!rows.isEmpty()) {
                return results(append, rows, recordedAt);
            }
            return diagnosis.explainAll(connection, append, true).orElseThrow();
        } catch (SQLException e) {
            throw PostgresDialect.INSTANCE.translate(e, "append", classify(e, connection));
        }
    }

    private static List<AppendResult> results(AtomicAppend append, List<MultiAppendSql.Row> rows, Instant recordedAt) {
        if (append.size() == 1) {
            return List.of(result(rows, recordedAt)); // every row is the one batch's: no grouping
        }
        Map<String, List<MultiAppendSql.Row>> byStream = MultiAppendSql.byStream(rows);
        List<AppendResult> results = new ArrayList<>();
        for (AppendBatch batch : append.batches()) {
            results.add(result(byStream.get(batch.stream().value()), recordedAt));
        }
        return List.copyOf(results);
    }

    /** The result of one batch from its rows, in any order: its highest version, its highest position. */
    private static AppendResult result(List<MultiAppendSql.Row> own, Instant recordedAt) {
        MultiAppendSql.Row last = own.get(0);
        long lastPosition = Long.MIN_VALUE;
        for (MultiAppendSql.Row row : own) {
            last = row.version() > last.version() ? row : last;
            lastPosition = Math.max(lastPosition, row.position());
        }
        return new AppendResult(last.version(), new LogPosition(last.txId(), lastPosition), recordedAt);
    }

    private Instant now() {
        return Limits.recordedAt(clock.instant());
    }

    /**
     * Rolls back to the savepoint after {@code failure}. If that fails too (the connection
     * died under the statement), the original failure is what leaves — it says what went
     * wrong and whether a retry can help — with the rollback's error suppressed.
     */
    private static void rollback(Connection connection, Savepoint savepoint, SQLException failure)
            throws SQLException {
        try {
            connection.rollback(savepoint);
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
            throw failure;
        }
    }

    /** {@link #rollback(Connection, Savepoint, SQLException)} of the whole transaction. */
    private static void rollback(Connection connection, SQLException failure) throws SQLException {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
            throw failure;
        }
    }

    /** The failure's class; a driver error without SQLSTATE on a closed connection means the connection was lost. */
    private static SqlFailure classify(SQLException e, Connection connection) {
        SqlFailure failure = PostgresDialect.INSTANCE.classify(e);
        return failure == SqlFailure.OTHER && SqlDialect.sqlState(e) == null && Jdbc.isClosed(connection)
                ? SqlFailure.CONNECTION_LOST : failure;
    }

    /** PostgreSQL refused a value the core's validation let through (SQLSTATE class 22). */
    private static Optional<InvalidArgumentException> rejectedData(SQLException e, SqlFailure failure) {
        if (failure != SqlFailure.INVALID_DATA) {
            return Optional.empty();
        }
        InvalidArgumentException invalid = new InvalidArgumentException("events",
                "PostgreSQL refused the batch (SQLSTATE " + SqlDialect.sqlState(e) + ")");
        invalid.initCause(e);
        return Optional.of(invalid);
    }

    /** What an append did: its result, and whether it wrote (false for an idempotent retry). */
    public record Outcome(AppendResult result, boolean wrote) {
    }
}

package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * Appends batches: in auto-commit mode as one statement, retried internally when it lost a
 * race that the expectation allows it to win again; or inside a caller's transaction.
 */
public final class Appender {
    /** Attempts of one append under contention before giving up with a (retryable) conflict. */
    static final int MAX_ATTEMPTS = 64;

    private final Jdbc jdbc;
    private final Clock clock;
    private final AppendSql sql;
    private final AppendDiagnosis diagnosis;

    public Appender(PostgresSchema names, Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.sql = new AppendSql(names);
        this.diagnosis = new AppendDiagnosis(names);
    }

    /**
     * Appends in its own transaction. Returns the result and whether this call wrote the
     * events (false for an idempotent retry of a stored batch).
     */
    public Outcome append(AppendBatch batch) {
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = jdbc.autoCommit("append", connection -> attempt(connection, batch));
            if (outcome != null) {
                return outcome;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new ConcurrencyConflictException(batch.stream(), batch.expected(),
                        jdbc.autoCommit("append", connection -> diagnosis.head(connection, batch.stream()).version()),
                        "the stream is too contended: " + MAX_ATTEMPTS + " attempts lost the race");
            }
            backOff(attempt);
        }
    }

    /** One attempt; null when it lost a race and a new attempt may succeed. */
    private Outcome attempt(Connection connection, AppendBatch batch) throws SQLException {
        try {
            Optional<AppendResult> written = sql.insert(connection, batch, now(), false);
            if (written.isPresent()) {
                return new Outcome(written.get(), true);
            }
        } catch (SQLException e) {
            String state = SqlErrors.sqlState(e);
            if ("40001".equals(state) || "40P01".equals(state)) {
                return null; // the server aborted the statement (serialization failure, deadlock): run it again
            }
            if (!SqlErrors.UNIQUE_VIOLATION.equals(state)) {
                throw rejectedData(e).orElseThrow(() -> e);
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
    public Outcome appendInTransaction(Connection connection, AppendBatch batch) {
        try {
            if (connection.getAutoCommit()) {
                throw new InvalidArgumentException("connection",
                        "must be in a transaction (auto-commit off); use append(batch) otherwise");
            }
            Savepoint savepoint = connection.setSavepoint();
            Optional<AppendResult> written;
            try {
                written = sql.insert(connection, batch, now(), true);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                connection.rollback(savepoint);
                if (!SqlErrors.UNIQUE_VIOLATION.equals(SqlErrors.sqlState(e))) {
                    throw rejectedData(e).orElseThrow(() -> e);
                }
                written = Optional.empty();
            }
            if (written.isPresent()) {
                return new Outcome(written.get(), true);
            }
            // In a caller's transaction the diagnosis always ends in a result or an exception.
            return new Outcome(diagnosis.explain(connection, batch, true).orElseThrow(), false);
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "append");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** PostgreSQL refused a value the core's validation let through (SQLSTATE class 22). */
    private static Optional<InvalidArgumentException> rejectedData(SQLException e) {
        if (!SqlErrors.isDataException(e)) {
            return Optional.empty();
        }
        InvalidArgumentException invalid = new InvalidArgumentException("events",
                "PostgreSQL refused the batch (SQLSTATE " + SqlErrors.sqlState(e) + ")");
        invalid.initCause(e);
        return Optional.of(invalid);
    }

    private static void backOff(int attempt) {
        if (attempt > 2) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000, 200_000L * Math.min(attempt, 10)));
        }
    }

    /** What an append did: its result, and whether it wrote (false for an idempotent retry). */
    public record Outcome(AppendResult result, boolean wrote) {
    }
}

package org.eventsourcing4j.benchmarks.sidebyside;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Where one log of the raw side lives, and what differs between PostgreSQL and SQLite:
 * the events table's DDL, how a JSON payload is bound, how a unique violation shows, and
 * how connections are held (a pooled connection per operation on PostgreSQL; on SQLite,
 * which has one writer per file, one writer connection shared under a lock and one reader).
 */
public interface RawDatabase extends AutoCloseable {

    /** The name of this log's table {@code name} ({@code events}, {@code accounts}, {@code checkpoints}). */
    String table(String name);

    /**
     * The DDL of the minimal events table: {@code position} (the database's own
     * auto-increment primary key), {@code stream_id}, {@code version}, {@code event_type},
     * {@code payload} (JSON), unique {@code (stream_id, version)}.
     */
    String createEvents(String table);

    /** The parameter that binds a JSON payload given as a string, e.g. {@code ?::jsonb}. */
    String jsonParameter();

    /** Whether {@code e} is a unique-constraint violation. */
    boolean isUniqueViolation(SQLException e);

    /** Runs {@code work} in auto-commit on a connection that may write. */
    <T> T write(Work<T> work) throws SQLException;

    /** Runs {@code work} in auto-commit on a connection for reading. */
    <T> T read(Work<T> work) throws SQLException;

    /** Runs {@code work} in one transaction: commits when it returns, rolls back when it throws. */
    <T> T inTransaction(Work<T> work) throws SQLException;

    @Override
    void close() throws SQLException;

    /** Database work on one connection, whose statements it prepares through {@link Statements}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Statements statements) throws SQLException;
    }

    /** Prepares statements on the work's connection; they are closed (or kept for reuse) by the database. */
    @FunctionalInterface
    interface Statements {
        PreparedStatement prepare(String sql) throws SQLException;
    }
}

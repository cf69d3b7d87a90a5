package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A connection with its prepared statements cached by SQL text, so that a writer that
 * keeps its session prepares each statement once. Only a fixed set of SQL strings is ever
 * prepared here, so the cache stays small. Not thread-safe: one user at a time.
 *
 * <p>Transactions are started with an explicit {@code BEGIN IMMEDIATE} on a connection in
 * auto-commit mode, not with {@code setAutoCommit(false)}: the driver would begin the next
 * transaction right after each commit and hold the write lock between appends.
 */
public final class Session implements Statements, AutoCloseable {
    private final Connection connection;
    private final StatementCache statements;

    public Session(Connection connection) throws SQLException {
        this.connection = connection;
        this.statements = new StatementCache(connection);
        if (!connection.getAutoCommit()) {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public Connection connection() {
        return connection;
    }

    /**
     * The cached statement for {@code sql}. Its parameters still hold the previous values:
     * callers bind every parameter each time. (They are not cleared because the driver's
     * {@code clearParameters} measured about 2 microseconds a call, a tenth of an append.)
     */
    @Override
    public PreparedStatement prepare(String sql) throws SQLException {
        return statements.prepare(sql);
    }

    public void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    /** Starts a write transaction: takes SQLite's write lock now, waiting up to busy_timeout. */
    public void beginImmediate() throws SQLException {
        execute("BEGIN IMMEDIATE");
    }

    public void commit() throws SQLException {
        execute("COMMIT");
    }

    public void rollback() throws SQLException {
        execute("ROLLBACK");
    }

    /**
     * Rolls back after {@code failure}. SQLite may already have rolled the transaction back
     * by itself (it does on SQLITE_FULL and some I/O errors); a failing ROLLBACK is then
     * expected and kept as a suppressed exception of {@code failure}.
     */
    public void rollbackAfter(Throwable failure) {
        try {
            rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        try {
            statements.close();
        } catch (SQLException e) {
            first = e;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}

package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.sqlite.SQLiteErrorCode;

/**
 * The store's access to its database: one writer at a time, many readers.
 *
 * <p>SQLite has one writer per file. Writers of this store queue on an in-process lock
 * (waiting at most the busy timeout) instead of spinning on {@code SQLITE_BUSY}, then run on
 * the writer session; readers take a connection of their own and never wait for the writer
 * (WAL mode). Driver errors leave translated by {@link SqliteErrors}; whatever the work
 * throws besides comes out unchanged.
 */
public final class Database {

    /** Work on a session or connection; may throw {@link SQLException} and {@code X}. */
    @FunctionalInterface
    public interface Work<C, T, X extends Exception> {
        T run(C resource) throws SQLException, X;
    }

    private final Connections connections;
    private final SqliteErrors errors;
    private final String name;
    private final long busyTimeoutNanos;
    private final ReentrantLock writerLock = new ReentrantLock();
    private volatile boolean closed;

    public Database(Connections connections, SqliteErrors errors, String name, long busyTimeoutNanos) {
        this.connections = connections;
        this.errors = errors;
        this.name = name;
        this.busyTimeoutNanos = busyTimeoutNanos;
    }

    public SqliteErrors errors() {
        return errors;
    }

    /** Runs {@code work} on the writer session, after the writers queued before it. */
    public <T, X extends Exception> T write(String action, Work<Session, T, X> work) throws X {
        ensureOpen();
        try {
            if (!writerLock.tryLock(busyTimeoutNanos, TimeUnit.NANOSECONDS)) {
                throw errors.writerLockTimeout(action);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting to write to SQLite database "
                    + name + " (" + action + "); nothing was written", e);
        }
        try {
            ensureOpen();
            Session session;
            try {
                session = connections.writer();
            } catch (SQLException e) {
                throw errors.translate(e, action, true);
            }
            boolean discard = false;
            try {
                return work.run(session);
            } catch (SQLException e) {
                // A driver-level failure (no SQLite result code) may have left the connection unusable.
                discard = SqliteErrors.primaryCode(e) == SQLiteErrorCode.UNKNOWN_ERROR;
                throw errors.translate(e, action, true);
            } finally {
                connections.releaseWriter(session, discard);
            }
        } finally {
            writerLock.unlock();
        }
    }

    /** Runs {@code work} on a reader connection of its own. */
    public <T, X extends Exception> T read(String action, Work<Connection, T, X> work) throws X {
        return readSession(action, session -> work.run(session.connection()));
    }

    /**
     * Runs {@code work} on a reader session of its own, whose cached statements it may use
     * (only for SQL from a fixed set, so that the cache stays small). The session is discarded
     * when the work fails with a driver error: a cached statement it left unreset might still
     * hold a read transaction.
     */
    public <T, X extends Exception> T readSession(String action, Work<Session, T, X> work) throws X {
        Session session = reader(action);
        boolean discard = true;
        try {
            T result = work.run(session);
            discard = false;
            return result;
        } catch (SQLException e) {
            throw errors.translate(e, action, false);
        } catch (RuntimeException e) {
            discard = false; // thrown by the work's own code, not by the driver
            throw e;
        } finally {
            connections.releaseReader(session, discard);
        }
    }

    /** A reader session, which the caller gives back with {@link #releaseReader}. */
    public Session reader(String action) {
        ensureOpen();
        try {
            return connections.reader();
        } catch (SQLException e) {
            throw errors.translate(e, action, false);
        }
    }

    /** @param discard close the session instead of keeping it for the next read */
    public void releaseReader(Session session, boolean discard) {
        connections.releaseReader(session, discard);
    }

    /** Closes the connections after any running write finished. Idempotent. */
    public void close() {
        closed = true;
        writerLock.lock();
        try {
            connections.close();
        } finally {
            writerLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("SQLite event store on " + name + " is closed");
        }
    }
}

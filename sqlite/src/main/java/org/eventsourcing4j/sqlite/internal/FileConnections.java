package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.LinkedBlockingDeque;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of a store that opened the database file itself: one writer session
 * kept open with its prepared statements (there is only ever one SQLite writer, so more
 * would only queue on the file lock), and a few idle read connections reused last-in
 * first-out. A burst of concurrent reads opens more read connections and closes the
 * surplus afterwards, so nested or unclosed reads can never deadlock on a pool limit.
 */
public final class FileConnections implements Connections {
    private static final Logger LOG = LoggerFactory.getLogger(FileConnections.class);

    /** Pause between attempts to open a connection that met a busy database. */
    private static final long OPEN_RETRY_MILLIS = 5;

    private final DataSource dataSource;
    private final LinkedBlockingDeque<Session> idleReaders;
    private final long busyTimeoutMillis;
    /** Guarded by the store's writer lock. */
    private Session writer;
    private volatile boolean closed;

    /**
     * @param busyTimeoutMillis how long opening a connection keeps trying while the file is
     *                          busy (the store's busy timeout)
     */
    public FileConnections(DataSource dataSource, int maxIdleReaders, long busyTimeoutMillis) {
        this.dataSource = dataSource;
        this.idleReaders = new LinkedBlockingDeque<>(maxIdleReaders);
        this.busyTimeoutMillis = busyTimeoutMillis;
    }

    /**
     * Opens a connection. Opening one runs the store's pragmas, and while another connection
     * or process is creating the file or switching it to WAL, SQLite can answer that with
     * {@code SQLITE_BUSY} at once, without waiting out the busy timeout (seen when several
     * processes open a new file together). Such an open is retried until the busy timeout.
     */
    private Connection open() throws SQLException {
        long deadline = System.nanoTime() + busyTimeoutMillis * 1_000_000L;
        while (true) {
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                if (SqliteErrors.primaryCode(e) != org.sqlite.SQLiteErrorCode.SQLITE_BUSY || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(OPEN_RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public Session writer() throws SQLException {
        if (writer == null) {
            writer = new Session(open());
        }
        return writer;
    }

    @Override
    public void releaseWriter(Session session, boolean discard) {
        if (discard || closed) {
            writer = null;
            closeQuietly(session);
        }
    }

    @Override
    public Session reader() throws SQLException {
        Session session = idleReaders.pollFirst();
        if (session != null) {
            return session;
        }
        Connection connection = open();
        try {
            return new Session(connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    @Override
    public void releaseReader(Session reader, boolean discard) {
        if (discard || closed || !idleReaders.offerFirst(reader)) {
            closeQuietly(reader);
        } else if (closed) {
            // close() may have drained the deque between our check and the offer.
            drainReaders();
        }
    }

    @Override
    public void close() {
        closed = true;
        drainReaders();
        if (writer != null) {
            closeQuietly(writer);
            writer = null;
        }
    }

    private void drainReaders() {
        Session idle;
        while ((idle = idleReaders.pollFirst()) != null) {
            closeQuietly(idle);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Nothing to undo: the connection is gone either way. Say so rather than hide it.
            LOG.warn("closing a SQLite connection failed", e);
        }
    }
}

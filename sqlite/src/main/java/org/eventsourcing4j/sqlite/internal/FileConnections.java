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

    private final DataSource dataSource;
    private final LinkedBlockingDeque<Connection> idleReaders;
    /** Guarded by the store's writer lock. */
    private Session writer;
    private volatile boolean closed;

    public FileConnections(DataSource dataSource, int maxIdleReaders) {
        this.dataSource = dataSource;
        this.idleReaders = new LinkedBlockingDeque<>(maxIdleReaders);
    }

    @Override
    public Session writer() throws SQLException {
        if (writer == null) {
            writer = new Session(dataSource.getConnection());
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
    public Connection reader() throws SQLException {
        Connection connection = idleReaders.pollFirst();
        return connection != null ? connection : dataSource.getConnection();
    }

    @Override
    public void releaseReader(Connection reader) {
        if (closed || !idleReaders.offerFirst(reader)) {
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
        Connection idle;
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

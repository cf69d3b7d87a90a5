package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of a store given a {@link DataSource}: one connection per operation,
 * closed (handed back to the caller's pool) right after it. The store never closes the
 * data source itself.
 */
public final class BorrowedConnections implements Connections {
    private static final Logger LOG = LoggerFactory.getLogger(BorrowedConnections.class);

    private final DataSource dataSource;

    public BorrowedConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Session writer() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            return new Session(connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    @Override
    public void releaseWriter(Session writer, boolean discard) {
        closeQuietly(writer);
    }

    @Override
    public Session reader() throws SQLException {
        return writer(); // a connection of the caller's pool, in auto-commit mode, for one operation
    }

    @Override
    public void releaseReader(Session reader, boolean discard) {
        closeQuietly(reader);
    }

    @Override
    public void close() {
        // The data source belongs to the caller.
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing a SQLite connection failed", e);
        }
    }
}

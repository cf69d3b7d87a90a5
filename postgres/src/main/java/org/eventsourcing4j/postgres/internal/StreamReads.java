package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one stream through a server-side cursor (auto-commit off and a fetch size), so a
 * stream of any length is read {@code fetchSize} rows at a time. The cursor's snapshot is
 * taken when the read begins: the result never shows part of a batch.
 */
public final class StreamReads {
    private static final Logger LOG = LoggerFactory.getLogger(StreamReads.class);

    private final Jdbc jdbc;
    private final int fetchSize;
    private final String byVersion;
    private final String byVersionAndTime;
    private final AppendDiagnosis heads;

    public StreamReads(PostgresSchema names, Jdbc jdbc, int fetchSize) {
        this.jdbc = jdbc;
        this.fetchSize = fetchSize;
        String select = "select " + EventRows.COLUMNS + " from " + names.qualified("events")
                + " where stream_id = ? and version between ? and ?";
        this.byVersion = select + " order by version";
        this.byVersionAndTime = select + " and recorded_at <= ? order by version";
        this.heads = new AppendDiagnosis(names);
    }

    public long currentVersion(StreamId stream) {
        return jdbc.autoCommit("reading the stream version", connection -> heads.head(connection, stream).version());
    }

    public Stream<RecordedEvent> read(StreamId stream, StreamQuery query) {
        if (query.toVersion() < query.fromVersion()) {
            return Stream.empty();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                Cursor cursor = open(stream, query);
                return StreamSupport.stream(cursor, false).onClose(cursor::close);
            } catch (SQLException e) {
                // Opening may run again on a fresh connection (see Jdbc); a read that already
                // returned rows may not, and fails as unavailable.
                if (attempt >= jdbc.connectionRetries() || !SqlErrors.isConnectionLost(e)) {
                    throw SqlErrors.translate(e, "reading a stream");
                }
            }
        }
    }

    private Cursor open(StreamId stream, StreamQuery query) throws SQLException {
        Connection connection = jdbc.dataSource().getConnection();
        Cursor cursor = null;
        try {
            boolean autoCommit = connection.getAutoCommit();
            if (autoCommit) {
                connection.setAutoCommit(false); // a cursor lives inside a transaction
            }
            PreparedStatement statement = connection.prepareStatement(
                    query.recordedAtOrBefore() == null ? byVersion : byVersionAndTime);
            cursor = new Cursor(connection, autoCommit, statement, stream);
            statement.setFetchSize(fetchSize);
            statement.setString(1, stream.value());
            statement.setLong(2, query.fromVersion());
            statement.setLong(3, query.toVersion());
            if (query.recordedAtOrBefore() != null) {
                statement.setObject(4, OffsetDateTime.ofInstant(query.recordedAtOrBefore(), ZoneOffset.UTC));
            }
            cursor.rows = statement.executeQuery();
            return cursor;
        } catch (SQLException | RuntimeException e) {
            if (cursor != null) {
                cursor.close();
            } else {
                closeQuietly(connection);
            }
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }

    /** The rows of one read; gives its connection back as soon as it is exhausted or closed. */
    private static final class Cursor extends Spliterators.AbstractSpliterator<RecordedEvent> {
        private final Connection connection;
        private final boolean restoreAutoCommit;
        private final PreparedStatement statement;
        private final StreamId stream;
        private ResultSet rows;
        private boolean closed;

        Cursor(Connection connection, boolean restoreAutoCommit, PreparedStatement statement, StreamId stream) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
            this.connection = connection;
            this.restoreAutoCommit = restoreAutoCommit;
            this.statement = statement;
            this.stream = stream;
        }

        @Override
        public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
            if (closed) {
                return false;
            }
            RecordedEvent event;
            try {
                if (!rows.next()) {
                    close();
                    return false;
                }
                event = EventRows.read(rows, 1, stream);
            } catch (SQLException e) {
                close();
                throw SqlErrors.translate(e, "reading a stream");
            }
            action.accept(event);
            return true;
        }

        /** Ends the read-only transaction and returns the connection; safe to call twice. */
        void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                try {
                    if (rows != null) {
                        rows.close();
                    }
                    statement.close();
                    connection.rollback(); // nothing was written: ending the transaction closes the cursor
                } finally {
                    if (restoreAutoCommit) {
                        Jdbc.restoreAutoCommit(connection);
                    }
                    connection.close();
                }
            } catch (SQLException e) {
                // The read itself is complete or already failed; a broken connection is
                // discarded by the pool.
                LOG.debug("closing a stream read failed", e);
            }
        }
    }
}

package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.SqlFailure;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamState;
import org.eventsourcing4j.store.spi.Lifecycles;
import org.eventsourcing4j.store.StreamQuery;

/**
 * Reads one stream lazily: the first {@code pageSize} events in one auto-commit query, and
 * the rest, when there is more, in one more query whose rows the driver streams
 * {@code pageSize} at a time (a fetch size, which PostgreSQL's driver honours only inside a
 * transaction). Memory stays bounded however long the stream, a stream of up to
 * {@code pageSize} events is one round trip without a transaction, and a longer one is two
 * queries whatever its length, instead of one query per page.
 *
 * <p>The rest of the stream is read on a connection held, in a transaction that only reads, until
 * the stream has been read to its end or the {@link Stream} is closed: close it (try with
 * resources) when not reading it to the end. The transaction has no transaction id, so it
 * holds back no global-log reader; its snapshot only holds back vacuum while it lasts.
 *
 * <p>Why a read never shows part of a batch: a batch commits atomically and versions are
 * dense. A first page that is not full saw the whole stream as of its snapshot and ends the
 * read. A full one ends at a committed version v, so the second query (a later snapshot)
 * starts at v + 1 and sees the rest of any batch that contains v. The same holds when the
 * connection of the second query is lost and the read goes on from the version after the
 * last one it handed out, on a fresh connection (within the connection retries). The result
 * is the stream as it was when the read began or later. The first page asks for one row
 * more than it returns, to learn whether another query is needed without an extra one.
 */
public final class StreamReads {
    private static final String OPERATION = "reading a stream";
    private final ReadRouting reads;
    private final int pageSize;
    private final int connectionRetries;
    private final String byVersion;
    private final String byVersionAndTime;
    private final String rest;
    private final String restByTime;
    private final String byEventId;
    private final AppendDiagnosis heads;
    private final KnownHeads known;

    public StreamReads(PostgresSchema names, ReadRouting reads, int pageSize, int connectionRetries, KnownHeads known) {
        this.reads = reads;
        this.known = known;
        this.pageSize = pageSize;
        this.connectionRetries = connectionRetries;
        String select = "select " + EventRows.STREAM_COLUMNS + " from " + names.qualified("events")
                + " where stream_id = ? and version between ? and ?";
        // The first page comes with the stream's lifecycle state (kind 1; none: live), from the same snapshot.
        String state = "select 1 as kind, null::bigint, null::xid8, first_version, null::uuid, status, null::int4,"
                + " null::jsonb, null::jsonb, null::timestamptz, null::text[] from " + names.qualified("stream_lifecycle")
                + " where stream_id = ? union all (select 0, ";
        this.byVersion = state + select.substring("select ".length()) + " order by version limit ?)";
        this.byVersionAndTime = state + select.substring("select ".length())
                + " and recorded_at <= ? order by version limit ?)";
        this.rest = select + " order by version";
        this.restByTime = select + " and recorded_at <= ? order by version";
        this.byEventId = "select " + EventRows.COLUMNS + " from " + names.qualified("events") + " where event_id = ?";
        this.heads = new AppendDiagnosis(names);
    }

    public long currentVersion(StreamId stream) {
        long version = reads.streams().autoCommit("reading the stream version",
                connection -> heads.head(connection, stream).version());
        known.committed(stream, version);
        return version;
    }

    public Optional<RecordedEvent> readEvent(UUID eventId) {
        return reads.streams().autoCommit("reading an event", connection -> {
            try (PreparedStatement select = connection.prepareStatement(byEventId)) {
                select.setObject(1, eventId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new EventRows().read(rs, 1, null)) : Optional.<RecordedEvent>empty();
                }
            }
        });
    }

    /**
     * Reads a stream whose query selects at least one version. The stream's lifecycle state
     * comes with the first page, in the same statement: a deleted stream, or a read below a
     * truncation, is refused ({@link Lifecycles#checkRead}); an archived stream is read from
     * the archive by {@code archived}.
     */
    public Stream<RecordedEvent> read(StreamId stream, StreamQuery query, Supplier<List<RecordedEvent>> archived) {
        // Both queries from the same source (see ReadRouting). The first page is read now, so
        // that errors surface from readStream itself.
        ReadSource source = reads.streams();
        Page first = page(source, stream, query, query.fromVersion());
        Lifecycles.checkRead(stream, first.state(), query);
        if (first.state().status() == StreamState.Status.ARCHIVED) {
            return archived.get().stream();
        }
        if (first.nextFrom() == 0) {
            return first.events().stream();
        }
        Rest rest = new Rest(source, stream, query, first);
        return StreamSupport.stream(rest, false).onClose(rest::close);
    }

    /** Up to pageSize events from version {@code from} on, where the rest starts (0: none), the lifecycle state. */
    private record Page(List<RecordedEvent> events, long nextFrom, StreamState state) {
    }

    private static int bind(PreparedStatement select, int first, StreamId stream, StreamQuery query, long from)
            throws SQLException {
        int index = first;
        select.setString(index++, stream.value());
        select.setLong(index++, from);
        select.setLong(index++, query.toVersion());
        if (query.recordedAtOrBefore() != null) {
            select.setObject(index++, OffsetDateTime.ofInstant(query.recordedAtOrBefore(), ZoneOffset.UTC));
        }
        return index;
    }

    private Page page(ReadSource source, StreamId stream, StreamQuery query, long from) {
        return source.autoCommit(OPERATION, connection -> {
            boolean byTime = query.recordedAtOrBefore() != null;
            try (PreparedStatement select = connection.prepareStatement(byTime ? byVersionAndTime : byVersion)) {
                select.setString(1, stream.value());
                select.setInt(bind(select, 2, stream, query, from), pageSize + 1);
                List<RecordedEvent> events = new ArrayList<>(Math.min(pageSize + 1, 1024));
                EventRows rows = new EventRows();
                StreamState state = StreamState.live();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(1) == 0) {
                            events.add(rows.readOfStream(rs, 2, stream));
                        } else {
                            state = new StreamState(StreamState.Status.valueOf(rs.getString(6)), rs.getLong(4));
                        }
                    }
                }
                if (!events.isEmpty()) {
                    // Auto-commit: what the page shows is committed.
                    known.committed(stream, events.get(events.size() - 1).version());
                }
                if (events.size() <= pageSize) {
                    return new Page(events, 0, state);
                }
                RecordedEvent lookahead = events.remove(pageSize);
                return new Page(events, lookahead.version(), state);
            }
        });
    }

    /** Hands out the first page, then the rest of the stream from one streamed query. */
    private final class Rest extends Spliterators.AbstractSpliterator<RecordedEvent> {
        private final ReadSource source;
        private final StreamId stream;
        private final StreamQuery query;
        private final Iterator<RecordedEvent> first;
        /** The version to go on from when the query has to be opened (again); 0 at the end. */
        private long nextFrom;
        private Cursor cursor;

        Rest(ReadSource source, StreamId stream, StreamQuery query, Page first) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
            this.source = source;
            this.stream = stream;
            this.query = query;
            this.first = first.events().iterator();
            this.nextFrom = first.nextFrom();
        }

        @Override
        public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
            if (first.hasNext()) {
                action.accept(first.next());
                return true;
            }
            if (nextFrom == 0) {
                return false;
            }
            RecordedEvent next = next();
            if (next == null) {
                nextFrom = 0;
                return false;
            }
            nextFrom = next.version() + 1;
            action.accept(next);
            return true;
        }

        /** The next event of the query, opened (again) where needed; null at the end, when the query is closed. */
        private RecordedEvent next() {
            for (int attempt = 0; ; attempt++) {
                Connection connection = cursor == null ? null : cursor.connection;
                try {
                    if (cursor == null) {
                        connection = source.borrow(OPERATION);
                        cursor = new Cursor(connection);
                        cursor.open(stream, query, nextFrom);
                    }
                    RecordedEvent event = cursor.next(stream);
                    if (event == null) {
                        close();
                    }
                    return event;
                } catch (SQLException e) {
                    SqlFailure failure = PostgresDialect.INSTANCE.classify(e);
                    if (failure == SqlFailure.OTHER && SqlDialect.sqlState(e) == null && Jdbc.isClosed(connection)) {
                        failure = SqlFailure.CONNECTION_LOST;
                    }
                    abandon(e);
                    if (failure != SqlFailure.CONNECTION_LOST || attempt >= connectionRetries) {
                        throw PostgresDialect.INSTANCE.translate(e, OPERATION, failure);
                    }
                } catch (RuntimeException e) {
                    abandon(e);
                    throw e;
                }
            }
        }

        /** Ends the read: its transaction and the connection; idempotent. */
        void close() {
            if (cursor != null) {
                Cursor closing = cursor;
                cursor = null;
                closing.close();
            }
        }

        private void abandon(Exception failure) {
            if (cursor != null) {
                Cursor closing = cursor;
                cursor = null;
                try {
                    closing.close();
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }

        /** The rest's query on a connection of its own, in a read-only transaction. */
        private final class Cursor {
            private final Connection connection;
            private final EventRows rows = new EventRows();
            private PreparedStatement select;
            private ResultSet rs;
            private long last;

            Cursor(Connection connection) {
                this.connection = connection;
            }

            void open(StreamId stream, StreamQuery query, long from) throws SQLException {
                // Outside a transaction the driver would read every row before returning the first.
                connection.setAutoCommit(false);
                select = connection.prepareStatement(query.recordedAtOrBefore() != null ? restByTime : rest);
                select.setFetchSize(pageSize);
                bind(select, 1, stream, query, from);
                rs = select.executeQuery();
            }

            RecordedEvent next(StreamId stream) throws SQLException {
                if (!rs.next()) {
                    return null;
                }
                RecordedEvent event = rows.readOfStream(rs, 1, stream);
                last = event.version();
                return event;
            }

            /**
             * Ends the transaction (it only read: how it ends does not matter, so a failure
             * here is not the read's) and hands the connection back in auto-commit mode.
             */
            void close() {
                if (last > 0) {
                    known.committed(stream, last); // read in a transaction: only committed events
                }
                try {
                    try {
                        if (rs != null) {
                            rs.close();
                        }
                        if (select != null) {
                            select.close();
                        }
                        connection.rollback();
                        connection.setAutoCommit(true);
                    } finally {
                        connection.close();
                    }
                } catch (SQLException e) {
                    // the connection is broken; the pool finds out when it checks it
                }
            }
        }
    }
}

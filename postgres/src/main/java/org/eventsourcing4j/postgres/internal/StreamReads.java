package org.eventsourcing4j.postgres.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;

/**
 * Reads one stream lazily, in pages of {@code pageSize} events by version (keyset
 * pagination), each page one auto-commit query: memory stays bounded however long the
 * stream, and between pages the read holds no connection and no snapshot, so a slow
 * consumer ties up nothing in the database.
 *
 * <p>Why pages never show part of a batch: a batch commits atomically and versions are
 * dense. A page that is not full saw the whole stream as of its snapshot and ends the
 * read. A full page ends at a committed version v, so the next page (a later snapshot)
 * starts at v + 1 and sees the rest of any batch that contains v. The result is the stream
 * as it was when the read began or later. Each page asks for one row more than it
 * returns, to learn whether another page follows without an extra query.
 */
public final class StreamReads {
    private final ReadRouting reads;
    private final int pageSize;
    private final String byVersion;
    private final String byVersionAndTime;
    private final String byEventId;
    private final AppendDiagnosis heads;
    private final KnownHeads known;

    public StreamReads(PostgresSchema names, ReadRouting reads, int pageSize, KnownHeads known) {
        this.reads = reads;
        this.known = known;
        this.pageSize = pageSize;
        String select = "select " + EventRows.COLUMNS + " from " + names.qualified("events")
                + " where stream_id = ? and version between ? and ?";
        this.byVersion = select + " order by version limit ?";
        this.byVersionAndTime = select + " and recorded_at <= ? order by version limit ?";
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

    public Stream<RecordedEvent> read(StreamId stream, StreamQuery query) {
        if (query.toVersion() < query.fromVersion()) {
            return Stream.empty();
        }
        // Every page from the same source (see ReadRouting). The first page is read now, so
        // that errors surface from readStream itself.
        ReadSource source = reads.streams();
        Page first = page(source, stream, query, query.fromVersion());
        return StreamSupport.stream(new Pages(source, stream, query, first), false);
    }

    /** Up to pageSize events from version {@code from} on, and where the next page starts (0: none). */
    private record Page(List<RecordedEvent> events, long nextFrom) {
    }

    private Page page(ReadSource source, StreamId stream, StreamQuery query, long from) {
        return source.autoCommit("reading a stream", connection -> {
            boolean byTime = query.recordedAtOrBefore() != null;
            try (PreparedStatement select = connection.prepareStatement(byTime ? byVersionAndTime : byVersion)) {
                int index = 1;
                select.setString(index++, stream.value());
                select.setLong(index++, from);
                select.setLong(index++, query.toVersion());
                if (byTime) {
                    select.setObject(index++, OffsetDateTime.ofInstant(query.recordedAtOrBefore(), ZoneOffset.UTC));
                }
                select.setInt(index, pageSize + 1);
                List<RecordedEvent> events = new ArrayList<>(Math.min(pageSize + 1, 1024));
                EventRows rows = new EventRows();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        events.add(rows.read(rs, 1, stream));
                    }
                }
                if (!events.isEmpty()) {
                    // Auto-commit: what the page shows is committed.
                    known.committed(stream, events.get(events.size() - 1).version());
                }
                if (events.size() <= pageSize) {
                    return new Page(events, 0);
                }
                RecordedEvent lookahead = events.remove(pageSize);
                return new Page(events, lookahead.version());
            }
        });
    }

    /** Hands out one page after the other, reading the next when the current one is used up. */
    private final class Pages extends Spliterators.AbstractSpliterator<RecordedEvent> {
        private final ReadSource source;
        private final StreamId stream;
        private final StreamQuery query;
        private Iterator<RecordedEvent> current;
        private long nextFrom;

        Pages(ReadSource source, StreamId stream, StreamQuery query, Page first) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
            this.source = source;
            this.stream = stream;
            this.query = query;
            this.current = first.events().iterator();
            this.nextFrom = first.nextFrom();
        }

        @Override
        public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
            if (!current.hasNext()) {
                if (nextFrom == 0) {
                    return false;
                }
                Page page = page(source, stream, query, nextFrom);
                current = page.events().iterator();
                nextFrom = page.nextFrom();
                if (!current.hasNext()) {
                    return false;
                }
            }
            action.accept(current.next());
            return true;
        }
    }
}

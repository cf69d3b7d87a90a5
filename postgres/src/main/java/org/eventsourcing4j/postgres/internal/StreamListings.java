package org.eventsourcing4j.postgres.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import org.eventsourcing4j.store.StreamSummary;

/**
 * Lists streams with a loose index scan of the {@code (stream_id, version)} index: each step
 * of the recursive query seeks the next stream id after the previous one, and each stream's
 * first and last events are two more seeks, so a page costs a few seeks per stream however
 * long the streams are. PostgreSQL evaluates the recursion only as far as the outer
 * {@code LIMIT} pulls it.
 *
 * <p>Ids are in the column's collation. Every collation sorts a string after its proper
 * prefixes, so the walk starts at the prefix; but only a bytewise collation ({@code C},
 * {@code POSIX}) keeps the ids with a prefix contiguous, so only there does the walk stop at
 * the first id without it. Elsewhere, a page with fewer streams than its limit walks the ids
 * after the prefix to the end.
 */
public final class StreamListings {
    private final Jdbc jdbc;
    private final String sql;

    public StreamListings(PostgresSchema names, Jdbc jdbc) {
        this.jdbc = jdbc;
        String events = names.qualified("events");
        this.sql = "with recursive bytewise as (select datcollate in ('C', 'POSIX') as contiguous"
                + " from pg_database where datname = current_database()),"
                + " ids(id) as ((select stream_id from " + events + " where stream_id >= ? and stream_id > ?"
                + " order by stream_id limit 1)"
                + " union all select (select e.stream_id from " + events + " e where e.stream_id > ids.id"
                + " order by e.stream_id limit 1) from ids, bytewise"
                + " where ids.id is not null and (not bytewise.contiguous or starts_with(ids.id, ?)))"
                + " select ids.id, f.version, f.recorded_at, l.version, l.recorded_at from ids"
                + " cross join lateral (select version, recorded_at from " + events
                + " where stream_id = ids.id order by version limit 1) f"
                + " cross join lateral (select version, recorded_at from " + events
                + " where stream_id = ids.id order by version desc limit 1) l"
                + " where starts_with(ids.id, ?) limit ?";
    }

    public StreamPage list(StreamListing listing) {
        return jdbc.autoCommit("listing the streams", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, listing.prefix());
                select.setString(2, listing.after().map(StreamId::value).orElse(""));
                select.setString(3, listing.prefix());
                select.setString(4, listing.prefix());
                select.setInt(5, listing.limit() + 1);
                List<StreamSummary> streams = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        long first = rs.getLong(2);
                        long last = rs.getLong(4);
                        streams.add(new StreamSummary(StreamId.of(rs.getString(1)), last, last - first + 1,
                                rs.getObject(3, OffsetDateTime.class).toInstant(),
                                rs.getObject(5, OffsetDateTime.class).toInstant()));
                    }
                }
                return StreamPage.of(streams, listing.limit());
            }
        });
    }
}

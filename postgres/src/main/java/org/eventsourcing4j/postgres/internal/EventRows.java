package org.eventsourcing4j.postgres.internal;

import org.eventsourcing4j.store.internal.MetadataJson;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * Maps rows of the events table to {@link RecordedEvent}s. One instance decodes one page:
 * it remembers the stream ids and metadata it has decoded, since the events of a batch
 * share them and a page holds whole batches, and both are immutable values.
 */
final class EventRows {

    /** The columns every event read selects, in the order {@link #read} expects them. */
    static final String COLUMNS =
            "position, tx_id, stream_id, version, event_id, event_type, revision, data, metadata, recorded_at";

    private final Map<String, StreamId> streams = new HashMap<>();
    private final Map<String, Metadata> metadata = new HashMap<>();

    /**
     * Reads the current row, starting at column {@code first}.
     *
     * @param knownStream the stream every row belongs to (saves re-validating its id), or null
     */
    RecordedEvent read(ResultSet rs, int first, StreamId knownStream) throws SQLException {
        long position = rs.getLong(first);
        long txId = rs.getLong(first + 1);
        StreamId stream = knownStream != null ? knownStream
                : streams.computeIfAbsent(rs.getString(first + 2), StreamId::new);
        long version = rs.getLong(first + 3);
        UUID eventId = rs.getObject(first + 4, UUID.class);
        String type = rs.getString(first + 5);
        int revision = rs.getInt(first + 6);
        // jsonb arrives in text form: its bytes are the (normalized) UTF-8 JSON.
        byte[] data = rs.getBytes(first + 7);
        String metadataJson = rs.getString(first + 8);
        OffsetDateTime recordedAt = rs.getObject(first + 9, OffsetDateTime.class);
        return new RecordedEvent(eventId, type, stream, version, new LogPosition(txId, position),
                recordedAt.toInstant(), revision, data,
                metadataJson == null ? Metadata.EMPTY : metadata.computeIfAbsent(metadataJson, MetadataJson::decode));
    }
}

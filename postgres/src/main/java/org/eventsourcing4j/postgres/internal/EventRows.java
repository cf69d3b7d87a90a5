package org.eventsourcing4j.postgres.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/** Maps rows of the events table to {@link RecordedEvent}s. */
final class EventRows {

    /** The columns every event read selects, in the order {@link #read} expects them. */
    static final String COLUMNS =
            "position, tx_id, stream_id, version, event_id, event_type, revision, data, metadata, recorded_at";

    private EventRows() {
    }

    /**
     * Reads the current row, starting at column {@code first}.
     *
     * @param knownStream the stream every row belongs to (saves re-validating its id), or null
     */
    static RecordedEvent read(ResultSet rs, int first, StreamId knownStream) throws SQLException {
        long position = rs.getLong(first);
        long txId = rs.getLong(first + 1);
        StreamId stream = knownStream != null ? knownStream : new StreamId(rs.getString(first + 2));
        long version = rs.getLong(first + 3);
        UUID eventId = rs.getObject(first + 4, UUID.class);
        String type = rs.getString(first + 5);
        int revision = rs.getInt(first + 6);
        // jsonb arrives in text form: its bytes are the (normalized) UTF-8 JSON.
        byte[] data = rs.getBytes(first + 7);
        String metadata = rs.getString(first + 8);
        OffsetDateTime recordedAt = rs.getObject(first + 9, OffsetDateTime.class);
        return new RecordedEvent(eventId, type, stream, version, new LogPosition(txId, position),
                recordedAt.toInstant(), revision, data, MetadataJson.decode(metadata));
    }
}

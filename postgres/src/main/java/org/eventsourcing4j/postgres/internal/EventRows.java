package org.eventsourcing4j.postgres.internal;

import org.eventsourcing4j.store.spi.MetadataJson;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * Maps rows of the events table to {@link RecordedEvent}s. One instance decodes one page:
 * it remembers the last few stream ids and metadata it decoded, since the events of a
 * batch (and often of neighbouring batches) share them and both are immutable values. A
 * value is found again by comparing the column's raw bytes, which costs less than
 * decoding them into a string and hashing it (measured: hashing was a sixth of the JVM's
 * time per event read); so are event types. The event id and the recorded-at timestamp are
 * read from their binary form where the driver received them so ({@link BinaryValues}).
 */
final class EventRows {

    /** The columns every event read selects, in the order {@link #read} expects them. */
    static final String COLUMNS =
            "position, tx_id, stream_id, version, event_id, event_type, revision, data, metadata, recorded_at, tags";

    /**
     * The columns a read of one stream selects: {@link #COLUMNS} without the stream id, which
     * the reader knows (a stream read sends it once, as a parameter, not once per row).
     */
    static final String STREAM_COLUMNS =
            "position, tx_id, version, event_id, event_type, revision, data, metadata, recorded_at, tags";

    private final Recent<StreamId> streams = new Recent<>(StreamId::new);
    private final Recent<String> types = new Recent<>(Function.identity());
    private final Recent<Metadata> metadata = new Recent<>(MetadataJson::decode);
    /** The result set whose column formats {@link #binaryId} and {@link #binaryTime} describe. */
    private ResultSet formatsOf;
    private int formatsFrom;
    private boolean binaryId;
    private boolean binaryTime;

    /**
     * Reads the current row, starting at column {@code first}.
     *
     * @param knownStream the stream every row belongs to (saves re-validating its id), or null
     */
    RecordedEvent read(ResultSet rs, int first, StreamId knownStream) throws SQLException {
        return read(rs, first, knownStream, true);
    }

    /** Reads the current row of {@link #STREAM_COLUMNS}, starting at column {@code first}, an event of {@code stream}. */
    RecordedEvent readOfStream(ResultSet rs, int first, StreamId stream) throws SQLException {
        return read(rs, first, stream, false);
    }

    private RecordedEvent read(ResultSet rs, int first, StreamId knownStream, boolean withStream) throws SQLException {
        long position = rs.getLong(first);
        long txId = rs.getLong(first + 1);
        int next = first + 2;
        // Text columns arrive in text form: getBytes gives their UTF-8 bytes as sent.
        StreamId stream = knownStream != null ? knownStream : streams.get(rs.getBytes(next));
        if (withStream) {
            next++;
        }
        long version = rs.getLong(next++);
        int idColumn = next++;
        String type = types.get(rs.getBytes(next++));
        int revision = rs.getInt(next++);
        // jsonb arrives in text form too: its bytes are the (normalized) UTF-8 JSON.
        byte[] data = rs.getBytes(next++);
        byte[] metadataJson = rs.getBytes(next++);
        int timeColumn = next++;
        if (rs != formatsOf || first != formatsFrom) {
            binaryId = BinaryValues.isBinary(rs, idColumn);
            binaryTime = BinaryValues.isBinary(rs, timeColumn);
            formatsOf = rs;
            formatsFrom = first;
        }
        UUID eventId = binaryId ? BinaryValues.uuid(rs.getBytes(idColumn)) : rs.getObject(idColumn, UUID.class);
        Instant recordedAt = binaryTime ? BinaryValues.timestamp(rs.getBytes(timeColumn))
                : rs.getObject(timeColumn, OffsetDateTime.class).toInstant();
        java.sql.Array tags = rs.getArray(next);
        return new RecordedEvent(eventId, type, stream, version, new LogPosition(txId, position),
                recordedAt, revision, data,
                metadataJson == null ? Metadata.EMPTY : metadata.get(metadataJson),
                tags == null ? Set.of() : Set.of((String[]) tags.getArray()));
    }

    /** The last {@code SIZE} distinct values decoded, each under the bytes it came from. */
    private static final class Recent<T> {
        private static final int SIZE = 8;
        private final Function<String, T> decode;
        private final byte[][] keys = new byte[SIZE][];
        private final Object[] values = new Object[SIZE];
        private int next;

        Recent(Function<String, T> decode) {
            this.decode = decode;
        }

        @SuppressWarnings("unchecked")
        T get(byte[] bytes) {
            // Slots fill in order, so the first empty one ends the search.
            for (int i = 0; i < SIZE && keys[i] != null; i++) {
                if (Arrays.equals(keys[i], bytes)) {
                    return (T) values[i];
                }
            }
            T value = decode.apply(new String(bytes, StandardCharsets.UTF_8));
            keys[next] = bytes;
            values[next] = value;
            next = (next + 1) % SIZE;
            return value;
        }
    }
}

package org.eventsourcing4j.sqlite.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * How an event maps to a row of {@code es_events} and back.
 *
 * <ul>
 *   <li>{@code event_id}: the UUID's 16 bytes, big-endian.</li>
 *   <li>{@code data}: the payload bytes exactly as appended, stored as TEXT through
 *       {@code CAST(? AS TEXT)} so that SQLite's JSON functions work on it, and read back with
 *       {@code getBytes}, which returns the stored bytes unchanged.</li>
 *   <li>{@code recorded_at}: microseconds since the epoch, UTC.</li>
 *   <li>{@code headers}: a JSON object in insertion order, NULL when there are none.</li>
 *   <li>{@code tags}: a JSON array of the sorted tags, NULL when there are none (triggers
 *       index it in {@code es_event_tags}, see {@link Schema}).</li>
 * </ul>
 */
public final class EventRows {
    /** The stored columns, for copying rows between the events table and the archive. */
    public static final String COLUMNS = "position, stream_id, version, event_id, event_type, revision, data, "
            + "correlation_id, causation_id, headers, recorded_at, tags";

    /**
     * What {@link #read} and {@link Decoder} expect: the columns every event has, then the
     * nullable ones (correlation id, causation id, headers, tags) as one JSON array of four
     * strings or nulls, or one NULL when all four are NULL, as they are for most events.
     * Both the driver and SQLite pay per column: each one read costs a call into native code
     * (about 0.1 µs for a NULL, measured), and each one selected an extraction in every step.
     */
    public static final String SELECTED = selected("stream_id");

    /**
     * {@link #SELECTED} for the rows of one stream, read with a {@link Decoder} that knows it:
     * NULL instead of the stream id, which is then neither extracted nor read.
     */
    public static final String SELECTED_IN_STREAM = selected("NULL");

    private static String selected(String streamId) {
        return "position, " + streamId + ", version, event_id, event_type, revision, data, recorded_at,"
                + " CASE WHEN correlation_id IS NULL AND causation_id IS NULL AND headers IS NULL AND tags IS NULL"
                + " THEN NULL ELSE json_array(correlation_id, causation_id, headers, tags) END";
    }

    public static final String INSERT = "INSERT INTO es_events (position, stream_id, version, event_id, event_type, "
            + "revision, data, correlation_id, causation_id, headers, recorded_at, tags) "
            + "VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?)";

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> TAGS = new TypeReference<>() {
    };

    private EventRows() {
    }

    /** Binds the parameters of {@link #INSERT}. */
    public static void bindInsert(PreparedStatement insert, long position, StreamId stream, long version,
                                  EventData event, long recordedAtMicros) throws SQLException {
        Metadata metadata = event.metadata();
        insert.setLong(1, position);
        insert.setString(2, stream.value());
        insert.setLong(3, version);
        insert.setBytes(4, uuidBytes(event.eventId()));
        insert.setString(5, event.type());
        insert.setInt(6, event.revision());
        insert.setBytes(7, event.data());
        setNullable(insert, 8, metadata.correlationId());
        setNullable(insert, 9, metadata.causationId());
        setNullable(insert, 10, metadata.headers().isEmpty() ? null : JSON.writeValueAsString(metadata.headers()));
        insert.setLong(11, recordedAtMicros);
        setNullable(insert, 12, event.tags().isEmpty() ? null : JSON.writeValueAsString(event.tags()));
    }

    /**
     * The event of the current row, selected with {@link #SELECTED}.
     *
     * @param knownStream the stream every row belongs to, or null to read it from the row
     */
    public static RecordedEvent read(ResultSet row, StreamId knownStream) throws SQLException {
        return new Decoder(knownStream).read(row);
    }

    /**
     * Decodes the rows of one result set, selected with {@link #SELECTED}. Consecutive rows
     * mostly share their event type, and in the global log often their stream: the decoder
     * reads both as bytes and reuses the previous row's value when the bytes are the same
     * (a stream id is then validated once per run of its events). Not thread-safe.
     */
    public static final class Decoder {
        private final StreamId knownStream;
        private byte[] streamBytes;
        private StreamId stream;
        private byte[] typeBytes;
        private String type;

        /** @param knownStream the stream every row belongs to, or null to read it from each row */
        public Decoder(StreamId knownStream) {
            this.knownStream = knownStream;
        }

        public RecordedEvent read(ResultSet row) throws SQLException {
            Metadata metadata = Metadata.EMPTY;
            Set<String> tags = Set.of();
            byte[] optional = row.getBytes(9);
            if (optional != null) {
                String[] values = JSON.readValue(optional, String[].class); // correlation, causation, headers, tags
                if (values[0] != null || values[1] != null || values[2] != null) {
                    metadata = new Metadata(values[0], values[1],
                            values[2] == null ? Map.of() : JSON.readValue(values[2], HEADERS));
                }
                if (values[3] != null) {
                    tags = Set.copyOf(JSON.readValue(values[3], TAGS));
                }
            }
            return new RecordedEvent(uuid(row.getBytes(4)), type(row.getBytes(5)), stream(row), row.getLong(3),
                    LogPosition.of(row.getLong(1)), fromMicros(row.getLong(8)), row.getInt(6), row.getBytes(7),
                    metadata, tags);
        }

        private StreamId stream(ResultSet row) throws SQLException {
            if (knownStream != null) {
                return knownStream;
            }
            byte[] bytes = row.getBytes(2);
            if (!Arrays.equals(bytes, streamBytes)) {
                stream = StreamId.of(new String(bytes, StandardCharsets.UTF_8));
                streamBytes = bytes;
            }
            return stream;
        }

        private String type(byte[] bytes) {
            if (!Arrays.equals(bytes, typeBytes)) {
                type = new String(bytes, StandardCharsets.UTF_8);
                typeBytes = bytes;
            }
            return type;
        }
    }

    public static byte[] uuidBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    static UUID uuid(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** Microseconds since the epoch; throws ArithmeticException beyond about ±292,000 years. */
    public static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /**
     * The largest microsecond count at or before {@code instant}, clamped to the range of a
     * long: events recorded at or before the instant are exactly those at or below it.
     */
    public static long floorMicros(Instant instant) {
        try {
            return toMicros(instant);
        } catch (ArithmeticException e) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}

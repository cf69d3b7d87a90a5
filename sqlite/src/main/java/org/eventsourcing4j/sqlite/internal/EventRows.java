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
    /** The stored columns, in the order {@link #SELECTED} begins with them. */
    public static final String COLUMNS = "position, stream_id, version, event_id, event_type, revision, data, "
            + "correlation_id, causation_id, headers, recorded_at, tags";

    /**
     * What {@link #read} and {@link Decoder} expect: {@link #COLUMNS}, then a bit set of the
     * nullable columns that are not NULL (1 correlation id, 2 causation id, 4 headers, 8 tags).
     * Every column the driver reads costs a call into native code, about 0.1 µs, and most
     * events have no metadata and no tags: one integer replaces four reads of NULL.
     */
    public static final String SELECTED = COLUMNS + ", (correlation_id IS NOT NULL) + 2 * (causation_id IS NOT NULL)"
            + " + 4 * (headers IS NOT NULL) + 8 * (tags IS NOT NULL)";

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
            int present = row.getInt(13);
            Metadata metadata = Metadata.EMPTY;
            if ((present & 7) != 0) {
                String headers = (present & 4) != 0 ? row.getString(10) : null;
                metadata = new Metadata((present & 1) != 0 ? row.getString(8) : null,
                        (present & 2) != 0 ? row.getString(9) : null,
                        headers == null ? Map.of() : JSON.readValue(headers, HEADERS));
            }
            Set<String> tags = (present & 8) != 0 ? Set.copyOf(JSON.readValue(row.getString(12), TAGS)) : Set.of();
            return new RecordedEvent(uuid(row.getBytes(4)), type(row.getBytes(5)), stream(row), row.getLong(3),
                    LogPosition.of(row.getLong(1)), fromMicros(row.getLong(11)), row.getInt(6), row.getBytes(7),
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

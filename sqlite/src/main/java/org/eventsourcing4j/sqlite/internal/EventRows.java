package org.eventsourcing4j.sqlite.internal;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
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
    /** The columns {@link #read} expects, in order. */
    public static final String COLUMNS = "position, stream_id, version, event_id, event_type, revision, data, "
            + "correlation_id, causation_id, headers, recorded_at, tags";

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
     * The event of the current row, selected with {@link #COLUMNS}.
     *
     * @param knownStream the stream every row belongs to, or null to read it from the row
     */
    public static RecordedEvent read(ResultSet row, StreamId knownStream) throws SQLException {
        StreamId stream = knownStream != null ? knownStream : StreamId.of(row.getString(2));
        String correlationId = row.getString(8);
        String causationId = row.getString(9);
        String headers = row.getString(10);
        Metadata metadata = correlationId == null && causationId == null && headers == null
                ? Metadata.EMPTY
                : new Metadata(correlationId, causationId, headers == null ? Map.of() : JSON.readValue(headers, HEADERS));
        String tags = row.getString(12);
        return new RecordedEvent(uuid(row.getBytes(4)), row.getString(5), stream, row.getLong(3),
                LogPosition.of(row.getLong(1)), fromMicros(row.getLong(11)), row.getInt(6), row.getBytes(7), metadata,
                tags == null ? Set.of() : Set.copyOf(JSON.readValue(tags, TAGS)));
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

package org.eventsourcing4j.publishing;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.spi.MetadataJson;

/**
 * The envelope of a published event as message headers; the message body is the event's
 * JSON data. A consumer rebuilds the whole {@link RecordedEvent} from headers and body
 * ({@link #toEvent}). Header values are text; {@link #METADATA} is ASCII-only JSON, the
 * others are as the store holds them (the NATS connector escapes what its headers cannot carry).
 */
public final class EnvelopeHeaders {
    public static final String EVENT_ID = "es-event-id";
    public static final String EVENT_TYPE = "es-event-type";
    public static final String STREAM_ID = "es-stream-id";
    public static final String STREAM_VERSION = "es-stream-version";
    /** The plain numeric global position, for people. */
    public static final String POSITION = "es-position";
    /** The opaque global position ({@link LogPosition#asString()}), e.g. {@code "4711:42"} on PostgreSQL. */
    public static final String LOG_POSITION = "es-log-position";
    public static final String REVISION = "es-revision";
    /** ISO-8601 instant, microsecond precision. */
    public static final String RECORDED_AT = "es-recorded-at";
    /** Only when the event has one; also inside {@link #METADATA}. */
    public static final String CORRELATION_ID = "es-correlation-id";
    /** Only when the event has one; also inside {@link #METADATA}. */
    public static final String CAUSATION_ID = "es-causation-id";
    /** The whole metadata (correlation, causation, user headers) as the stores keep it in JSON; only when not empty. */
    public static final String METADATA = "es-metadata";

    private EnvelopeHeaders() {
    }

    /** The headers of {@code event}, in a fixed order. */
    public static Map<String, String> of(RecordedEvent event) {
        Map<String, String> headers = new LinkedHashMap<>(16);
        headers.put(EVENT_ID, event.eventId().toString());
        headers.put(EVENT_TYPE, event.type());
        headers.put(STREAM_ID, event.streamId().value());
        headers.put(STREAM_VERSION, Long.toString(event.version()));
        headers.put(POSITION, Long.toString(event.position()));
        headers.put(LOG_POSITION, event.logPosition().asString());
        headers.put(REVISION, Integer.toString(event.revision()));
        headers.put(RECORDED_AT, event.recordedAt().toString());
        Metadata metadata = event.metadata();
        if (metadata.correlationId() != null) {
            headers.put(CORRELATION_ID, metadata.correlationId());
        }
        if (metadata.causationId() != null) {
            headers.put(CAUSATION_ID, metadata.causationId());
        }
        if (!metadata.isEmpty()) {
            headers.put(METADATA, asciiOnly(MetadataJson.encode(metadata)));
        }
        return headers;
    }

    /**
     * The event a message carries.
     *
     * @param header the value of a header by name, null when absent
     * @param data   the message body; taken over, not copied
     * @throws MalformedMessageException a header is missing or does not parse
     */
    public static RecordedEvent toEvent(Function<String, String> header, byte[] data) {
        String id = required(header, EVENT_ID);
        try {
            String metadata = header.apply(METADATA);
            return new RecordedEvent(
                    UUID.fromString(id),
                    required(header, EVENT_TYPE),
                    StreamId.of(required(header, STREAM_ID)),
                    Long.parseLong(required(header, STREAM_VERSION)),
                    LogPosition.parse(required(header, LOG_POSITION)),
                    Instant.parse(required(header, RECORDED_AT)),
                    Integer.parseInt(required(header, REVISION)),
                    data == null ? new byte[0] : data,
                    metadata == null ? Metadata.EMPTY : MetadataJson.decode(metadata));
        } catch (IllegalArgumentException | DateTimeParseException | EventSourcingException e) {
            if (e instanceof MalformedMessageException malformed) {
                throw malformed;
            }
            throw new MalformedMessageException("message with " + EVENT_ID + " " + id
                    + " does not carry a valid event envelope: " + e.getMessage(), e);
        }
    }

    private static String required(Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null) {
            throw new MalformedMessageException("message has no " + name + " header: not published by eventsourcing4j");
        }
        return value;
    }

    /** JSON with every non-ASCII character escaped as {@code \\uXXXX}: they occur only inside strings, where that is equivalent. */
    static String asciiOnly(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c > 0x7e) {
                if (out == null) {
                    out = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? json : out.toString();
    }
}

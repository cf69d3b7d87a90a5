package org.eventsourcing4j.cli.internal.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.spi.MetadataJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

/**
 * The whole envelope of an event as one JSON object, the line format of exports and of
 * {@code --json} output:
 *
 * <pre>{"eventId":"…","stream":"account-1","version":1,"position":7,"logPosition":"7","type":"AccountCreated",
 * "revision":2,"recordedAt":"2026-01-01T00:00:00.123456Z","metadata":{…},"data":{…}}</pre>
 *
 * <p>{@code data} is the stored JSON as it is (copied, not re-encoded, so numbers stay exact);
 * {@code metadata} has {@code correlationId}, {@code causationId} and {@code headers}, each
 * only when present. Written by hand around Jackson's string escaping: an export writes a
 * line per event.
 */
public final class Envelopes {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();

    private Envelopes() {
    }

    /** Writes the event's envelope as UTF-8 JSON, without a line break. */
    public static void write(RecordedEvent e, OutputStream out) throws IOException {
        out.write(ascii("{\"eventId\":\"" + e.eventId() + "\",\"stream\":"));
        string(out, e.streamId().value());
        out.write(ascii(",\"version\":" + e.version() + ",\"position\":" + e.position() + ",\"logPosition\":\""
                + e.logPosition().asString() + "\",\"type\":"));
        string(out, e.type());
        out.write(ascii(",\"revision\":" + e.revision() + ",\"recordedAt\":\"" + e.recordedAt() + "\",\"metadata\":"));
        String metadata = MetadataJson.encode(e.metadata());
        out.write((metadata == null ? "{}" : metadata).getBytes(StandardCharsets.UTF_8));
        out.write(ascii(",\"data\":"));
        out.write(e.data());
        out.write('}');
    }

    /** The envelope as a string. */
    public static String toJson(RecordedEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + event.data().length);
        try {
            write(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void string(OutputStream out, String value) throws IOException {
        out.write('"');
        out.write(ESCAPES.quoteAsUTF8(value));
        out.write('"');
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads one envelope. Positions are read but not kept: the store that imports an event
     * assigns its own.
     *
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public static Envelope read(String line) {
        UUID eventId = null;
        String stream = null;
        String type = null;
        long version = 0;
        int revision = 0;
        Instant recordedAt = null;
        String data = null;
        Metadata metadata = Metadata.EMPTY;
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "eventId" -> eventId = UUID.fromString(text(parser, value, name));
                    case "stream" -> stream = text(parser, value, name);
                    case "type" -> type = text(parser, value, name);
                    case "version" -> version = number(parser, value, name);
                    case "revision" -> revision = Math.toIntExact(number(parser, value, name));
                    case "recordedAt" -> recordedAt = Instant.parse(text(parser, value, name));
                    case "metadata" -> metadata = MetadataJson.decode(object(parser, value, line, name));
                    case "data" -> data = object(parser, value, line, name);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more after the JSON object");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(e.getMessage());
        }
        require(eventId, "eventId");
        require(stream, "stream");
        require(type, "type");
        require(recordedAt, "recordedAt");
        require(data, "data");
        if (version < 1 || revision < 1) {
            throw new IllegalArgumentException("version and revision must be at least 1");
        }
        return new Envelope(eventId, stream, version, type, revision, recordedAt,
                data.getBytes(StandardCharsets.UTF_8), metadata);
    }

    private static String text(JsonParser parser, JsonToken value, String name) {
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
        }
        return parser.getString();
    }

    private static long number(JsonParser parser, JsonToken value, String name) {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("'" + name + "' must be an integer");
        }
        return parser.getLongValue();
    }

    /** The object's text exactly as it stands in the line. */
    private static String object(JsonParser parser, JsonToken value, String line, String name) {
        if (value != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("'" + name + "' must be a JSON object");
        }
        int start = (int) parser.currentTokenLocation().getCharOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getCharOffset();
        return line.substring(start, end);
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
    }

    /** An event as an export line holds it. */
    public record Envelope(UUID eventId, String stream, long version, String type, int revision, Instant recordedAt,
                           byte[] data, Metadata metadata) {
    }
}

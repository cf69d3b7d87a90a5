package org.eventsourcing4j.store.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.StorageException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

/**
 * Metadata in a SQL column: null for empty metadata (the common case costs nothing),
 * otherwise {@code {"correlationId": ..., "causationId": ..., "headers": {...}}} with absent
 * parts left out, so operators can query it (on PostgreSQL with jsonb operators,
 * {@code metadata->'headers'->>'tenant'}). {@code jsonb} does not keep key order, so headers
 * may read back in another order; {@link Metadata#equals} does not depend on order.
 */
public final class MetadataJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();

    private MetadataJson() {
    }

    /**
     * The JSON text, or null for empty metadata. Written by hand around Jackson's string
     * escaping: every append encodes its events' metadata, and a generator per call cost
     * more than the rest of the encoding (measured in the PostgreSQL harness).
     */
    public static String encode(Metadata metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        StringBuilder json = new StringBuilder(64).append('{');
        if (metadata.correlationId() != null) {
            property(json, "correlationId", metadata.correlationId());
        }
        if (metadata.causationId() != null) {
            property(json, "causationId", metadata.causationId());
        }
        if (!metadata.headers().isEmpty()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("\"headers\":{");
            int start = json.length();
            for (Map.Entry<String, String> header : metadata.headers().entrySet()) {
                if (json.length() > start) {
                    json.append(',');
                }
                string(json, header.getKey()).append(':');
                string(json, header.getValue());
            }
            json.append('}');
        }
        return json.append('}').toString();
    }

    private static void property(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":");
        string(json, value);
    }

    private static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        ESCAPES.quoteAsString(value, json);
        return json.append('"');
    }

    /** The metadata of {@link #encode(Metadata)}'s text; null reads as empty. */
    public static Metadata decode(String json) {
        if (json == null) {
            return Metadata.EMPTY;
        }
        String correlationId = null;
        String causationId = null;
        Map<String, String> headers = new LinkedHashMap<>();
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, json);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "correlationId" -> correlationId = parser.getString();
                    case "causationId" -> causationId = parser.getString();
                    case "headers" -> {
                        expect(value, JsonToken.START_OBJECT, json);
                        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                            String header = parser.currentName();
                            parser.nextToken();
                            headers.put(header, parser.getString());
                        }
                    }
                    // Written by a newer version or by hand: keep reading what we know.
                    default -> parser.skipChildren();
                }
            }
        }
        return new Metadata(correlationId, causationId, headers);
    }

    private static void expect(JsonToken actual, JsonToken expected, String json) {
        if (actual != expected) {
            throw new StorageException("stored metadata is not in the expected shape: " + json, null);
        }
    }
}

package org.eventsourcing4j.store.internal;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.StorageException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
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

    private MetadataJson() {
    }

    /** The JSON text, or null for empty metadata. */
    public static String encode(Metadata metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        StringWriter out = new StringWriter(64);
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            if (metadata.correlationId() != null) {
                json.writeStringProperty("correlationId", metadata.correlationId());
            }
            if (metadata.causationId() != null) {
                json.writeStringProperty("causationId", metadata.causationId());
            }
            if (!metadata.headers().isEmpty()) {
                json.writeName("headers");
                json.writeStartObject();
                for (Map.Entry<String, String> header : metadata.headers().entrySet()) {
                    json.writeStringProperty(header.getKey(), header.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        return out.toString();
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

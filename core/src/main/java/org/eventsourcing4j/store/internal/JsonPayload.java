package org.eventsourcing4j.store.internal;

import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Validates an event payload: one JSON object in UTF-8, at most
 * {@link Limits#MAX_EVENT_DATA_BYTES}, no duplicate keys, and no NUL or lone surrogate in
 * any key or string (PostgreSQL's {@code jsonb} refuses both, so no store accepts them).
 */
public final class JsonPayload {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonPayload() {
    }

    public static void validate(byte[] data, String argument) {
        if (data == null) {
            throw new InvalidArgumentException(argument, "must not be null");
        }
        if (data.length == 0) {
            throw new InvalidArgumentException(argument, "must not be empty");
        }
        if (data.length > Limits.MAX_EVENT_DATA_BYTES) {
            throw new InvalidArgumentException(argument,
                    "is " + data.length + " bytes, the limit is " + Limits.MAX_EVENT_DATA_BYTES);
        }
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), data)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidArgumentException(argument, "must be a JSON object, starts with " + first);
            }
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.PROPERTY_NAME) {
                    Text.checkCharacters(parser.currentName(), argument + " key", true);
                } else if (token == JsonToken.VALUE_STRING) {
                    Text.checkCharacters(parser.getString(), argument + " string value", true);
                }
                if (parser.streamReadContext().inRoot() && token.isStructEnd()) {
                    if (parser.nextToken() != null) {
                        throw new InvalidArgumentException(argument, "has content after the JSON object");
                    }
                    return;
                }
            }
            throw new InvalidArgumentException(argument, "is not valid JSON: unexpected end of input");
        } catch (JacksonException e) {
            throw new InvalidArgumentException(argument, "is not valid JSON: " + e.getOriginalMessage());
        }
    }
}

package org.eventsourcing4j.examples.bank.http;

import java.nio.charset.StandardCharsets;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service's JSON: the event codec's settings (decimals exact, never through
 * {@code double}, trailing zeros kept) and, for requests, duplicate keys refused.
 */
final class Json {
    static final JsonMapper MAPPER = JacksonEventCodec.defaultMapperBuilder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The JSON text and a newline, so answers read well in a terminal. */
    static byte[] writeLine(JsonNode node) {
        return (MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a request body that must be one JSON object. */
    static ObjectNode readObject(String body) {
        if (body.isEmpty()) {
            throw Problem.malformed("the request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            String message = e.getOriginalMessage();
            throw Problem.malformed("the request body is not valid JSON" + where + ": "
                    + (message.length() <= 200 ? message : message.substring(0, 197) + "..."));
        }
        if (!(node instanceof ObjectNode object)) {
            throw Problem.malformed("the request body must be a JSON object, got " + describe(node));
        }
        return object;
    }

    /** What kind of JSON value a node is, for error details. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}

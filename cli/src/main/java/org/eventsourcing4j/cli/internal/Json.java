package org.eventsourcing4j.cli.internal;

import org.eventsourcing4j.serialization.JacksonEventCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON of the CLI's {@code --json} output and of the console's API. */
public final class Json {
    /** Numbers stay exact (the event codec's settings); instants as ISO-8601. */
    public static final JsonMapper MAPPER = JacksonEventCodec.defaultMapperBuilder().build();
    private static final JsonMapper PRETTY = JacksonEventCodec.defaultMapperBuilder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** {@code json} indented for people; as it is when it does not parse. */
    public static String pretty(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            return PRETTY.writeValueAsString(tree);
        } catch (RuntimeException e) {
            return json;
        }
    }
}

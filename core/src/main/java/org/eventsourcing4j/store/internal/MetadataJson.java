package org.eventsourcing4j.store.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eventsourcing4j.store.Metadata;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Metadata as a JSON object {@code {"correlationId":..,"causationId":..,"headers":{..}}}, for SQL columns. */
public final class MetadataJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MetadataJson() {
    }

    public static String write(Metadata metadata) {
        ObjectNode node = JSON.createObjectNode();
        if (metadata.correlationId() != null) {
            node.put("correlationId", metadata.correlationId());
        }
        if (metadata.causationId() != null) {
            node.put("causationId", metadata.causationId());
        }
        if (!metadata.headers().isEmpty()) {
            ObjectNode headers = node.putObject("headers");
            metadata.headers().forEach(headers::put);
        }
        return JSON.writeValueAsString(node);
    }

    public static Metadata read(String json) {
        if (json == null || json.isEmpty()) {
            return Metadata.EMPTY;
        }
        JsonNode node = JSON.readTree(json);
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headerNode = node.get("headers");
        if (headerNode != null) {
            headerNode.properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        }
        return new Metadata(text(node, "correlationId"), text(node, "causationId"), headers);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}

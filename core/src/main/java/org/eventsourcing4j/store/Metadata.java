package org.eventsourcing4j.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eventsourcing4j.support.Text;

/**
 * What an event carries besides its data: the correlation id (the request or process it
 * belongs to), the causation id (the command or event that caused it) and free headers.
 * Immutable; validated on construction (see {@link Limits}).
 *
 * @param correlationId may be null
 * @param causationId   may be null
 * @param headers       never null; copied, insertion order kept
 */
public record Metadata(String correlationId, String causationId, Map<String, String> headers) {

    public static final Metadata EMPTY = new Metadata(null, null, Map.of());

    public Metadata {
        if (correlationId != null) {
            Text.identifier(correlationId, "correlation id", Limits.MAX_METADATA_ID_LENGTH);
        }
        if (causationId != null) {
            Text.identifier(causationId, "causation id", Limits.MAX_METADATA_ID_LENGTH);
        }
        if (headers == null) {
            throw new InvalidArgumentException("headers", "must not be null (use an empty map)");
        }
        if (headers.size() > Limits.MAX_HEADERS) {
            throw new InvalidArgumentException("headers",
                    headers.size() + " headers, the limit is " + Limits.MAX_HEADERS);
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = Text.identifier(header.getKey(), "header name", Limits.MAX_METADATA_ID_LENGTH);
            copy.put(name, Text.freeText(header.getValue(), "value of header '" + name + "'",
                    Limits.MAX_HEADER_VALUE_LENGTH));
        }
        headers = Collections.unmodifiableMap(copy);
    }

    public static Metadata empty() {
        return EMPTY;
    }

    public Optional<String> correlation() {
        return Optional.ofNullable(correlationId);
    }

    public Optional<String> causation() {
        return Optional.ofNullable(causationId);
    }

    public Metadata withCorrelationId(String id) {
        return new Metadata(id, causationId, headers);
    }

    public Metadata withCausationId(String id) {
        return new Metadata(correlationId, id, headers);
    }

    /** A copy with one more header (replacing one of the same name). */
    public Metadata withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Metadata(correlationId, causationId, copy);
    }

    public boolean isEmpty() {
        return correlationId == null && causationId == null && headers.isEmpty();
    }
}

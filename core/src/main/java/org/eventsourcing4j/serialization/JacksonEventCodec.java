package org.eventsourcing4j.serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON {@link EventCodec}, on Jackson 3. Thread-safe.
 *
 * <p>The {@linkplain #defaultMapperBuilder() default mapper} reads and writes records;
 * keeps {@code BigDecimal} exact (never through {@code double}, written plain, trailing
 * zeros kept, also in the trees upcasters see); writes {@code java.time} values as ISO-8601
 * strings; and is strict on read: unknown properties, missing record components, nulls for
 * primitives, floats for integers and numbers hidden in strings are errors. A missing
 * property therefore means an old revision that needs an upcaster, never a silent null.
 */
public final class JacksonEventCodec implements EventCodec {

    private final EventTypeRegistry registry;
    private final JsonMapper mapper;

    public JacksonEventCodec(EventTypeRegistry registry) {
        this(registry, defaultMapperBuilder().build());
    }

    /** With a mapper of your own; start from {@link #defaultMapperBuilder()} to keep its guarantees. */
    public JacksonEventCodec(EventTypeRegistry registry, JsonMapper mapper) {
        if (registry == null) {
            throw new InvalidArgumentException("registry", "must not be null");
        }
        if (mapper == null) {
            throw new InvalidArgumentException("mapper", "must not be null");
        }
        this.registry = registry;
        this.mapper = mapper;
    }

    /** The settings described on this class, for adding modules or features of your own. */
    public static JsonMapper.Builder defaultMapperBuilder() {
        return JsonMapper.builder()
                .enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    public EventTypeRegistry registry() {
        return registry;
    }

    @Override
    public EventData encode(Object event, UUID eventId, Metadata metadata) {
        if (event == null) {
            throw new InvalidArgumentException("event", "must not be null");
        }
        EventType type = registry.typeOf(event.getClass());
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(event);
        } catch (JacksonException e) {
            throw new EventSerializationException("cannot write event " + type + ": " + e.getOriginalMessage(), e);
        }
        return new EventData(eventId, type.name(), type.revision(), json, metadata);
    }

    @Override
    public List<Object> decode(RecordedEvent stored) {
        if (stored == null) {
            throw new InvalidArgumentException("event", "must not be null");
        }
        Optional<EventType> current = registry.typeNamed(stored.type());
        if (current.isPresent() && current.get().revision() == stored.revision()) {
            return List.of(read(stored, current.get(), () -> mapper.readValue(stored.data(), current.get().eventClass())));
        }
        List<JsonEvent> upcast = UpcastChain.run(registry, stored,
                new JsonEvent(stored.type(), stored.revision(), parse(stored)));
        List<Object> events = new ArrayList<>(upcast.size());
        for (JsonEvent event : upcast) {
            EventType type = currentTypeOf(stored, event);
            events.add(read(stored, type, () -> mapper.treeToValue(event.data(), type.eventClass())));
        }
        return events;
    }

    private ObjectNode parse(RecordedEvent stored) {
        JsonNode tree = read(stored, null, () -> mapper.readTree(stored.data()));
        if (!(tree instanceof ObjectNode object)) {
            throw new EventDecodingException(stored.streamId(), stored.version(), stored.type(), stored.revision(),
                    "the payload is not a JSON object", null);
        }
        return object;
    }

    private EventType currentTypeOf(RecordedEvent stored, JsonEvent event) {
        EventType type = registry.typeNamed(event.type()).orElseThrow(() -> new UnknownEventTypeException(
                stored.streamId(), stored.version(), stored.type(), stored.revision(), event.type()));
        if (event.revision() < type.revision()) {
            throw new EventDecodingException(stored.streamId(), stored.version(), stored.type(), stored.revision(),
                    "no upcaster reads " + event + " and the current revision is r" + type.revision(), null);
        }
        if (event.revision() > type.revision()) {
            throw new EventDecodingException(stored.streamId(), stored.version(), stored.type(), stored.revision(),
                    event + " is newer than the current revision r" + type.revision()
                            + " (written by a newer version of the application?)", null);
        }
        return type;
    }

    private <T> T read(RecordedEvent stored, EventType as, JsonRead<T> read) {
        try {
            return read.run();
        } catch (JacksonException e) {
            String target = as == null ? "JSON" : as.eventClass().getSimpleName();
            throw new EventDecodingException(stored.streamId(), stored.version(), stored.type(), stored.revision(),
                    "malformed data for " + target + ": " + e.getOriginalMessage(), e);
        }
    }

    @FunctionalInterface
    private interface JsonRead<T> {
        T run();
    }
}

package org.eventsourcing4j.shredding;

import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eventsourcing4j.serialization.EventType;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * Which fields of which registered event types are personal data, and whose: built once
 * beside the {@link EventTypeRegistry}, for {@link ShreddingEventCodec}.
 *
 * <pre>{@code
 * PersonalDataSchema schema = PersonalDataSchema.builder(registry)
 *         .personalData(AccountCreated.class, SubjectOf.streamId(), "email", "name")
 *         .build();
 * }</pre>
 *
 * <p>A personal field is a {@code String} component of the event record (its JSON property
 * has the component's name); a null value stays null. The declaration holds for every stored
 * revision of the type: the field keeps its name in older revisions, or the upcaster that
 * renames it runs on the decrypted value.
 */
public final class PersonalDataSchema {

    /**
     * What a personal field of a forgotten subject reads as: the string {@value}. Aggregates,
     * upcasters, projections and snapshots see it in place of the erased value.
     */
    public static final String ERASED = "[erased]";

    private final Map<Class<?>, Declaration<?>> byClass;
    private final Map<String, List<String>> fieldsByType;

    private PersonalDataSchema(Builder builder) {
        this.byClass = Collections.unmodifiableMap(new LinkedHashMap<>(builder.byClass));
        Map<String, List<String>> byType = new LinkedHashMap<>();
        builder.byClass.forEach((eventClass, declaration) -> byType.put(declaration.type().name(), declaration.fields()));
        this.fieldsByType = Collections.unmodifiableMap(byType);
    }

    public static Builder builder(EventTypeRegistry registry) {
        if (registry == null) {
            throw new InvalidArgumentException("registry", "must not be null");
        }
        return new Builder(registry);
    }

    /** The declaration of {@code eventClass}, if it has personal data. */
    public Optional<Declaration<?>> of(Class<?> eventClass) {
        return Optional.ofNullable(byClass.get(eventClass));
    }

    /** The personal fields of the events stored as {@code typeName}; empty when it has none. */
    public List<String> fieldsOfType(String typeName) {
        return fieldsByType.getOrDefault(typeName, List.of());
    }

    /** Every declaration, in declaration order. */
    public List<Declaration<?>> declarations() {
        return List.copyOf(byClass.values());
    }

    /** One event type's personal fields and how to find their subject. */
    public record Declaration<E>(EventType type, SubjectOf<? super E> subject, List<String> fields) {
        public Declaration {
            fields = List.copyOf(fields);
        }

        @SuppressWarnings("unchecked")
        String subjectOf(org.eventsourcing4j.store.StreamId stream, Object event) {
            String found = ((SubjectOf<Object>) subject).subjectOf(stream, event);
            return DataKeys.checkSubject(found);
        }
    }

    /** Collects declarations; checks each against the registry and the record's components. */
    public static final class Builder {
        private final EventTypeRegistry registry;
        private final Map<Class<?>, Declaration<?>> byClass = new LinkedHashMap<>();

        private Builder(EventTypeRegistry registry) {
            this.registry = registry;
        }

        /**
         * Declares {@code fields} of {@code eventClass} personal data of the subject {@code subject} finds.
         *
         * @throws InvalidArgumentException when the class is not registered or declared already, or a
         *                                  field is not a {@code String} component of it
         */
        public <E> Builder personalData(Class<E> eventClass, SubjectOf<? super E> subject, String... fields) {
            EventType type = registry.typeOf(eventClass);
            if (subject == null) {
                throw new InvalidArgumentException("subject", "must not be null");
            }
            if (fields == null || fields.length == 0) {
                throw new InvalidArgumentException("personal fields", "name at least one field of " + eventClass.getName());
            }
            if (byClass.containsKey(eventClass)) {
                throw new InvalidArgumentException("event class", eventClass.getName() + " has personal data declared already");
            }
            Set<String> names = new LinkedHashSet<>();
            for (String field : fields) {
                RecordComponent component = component(eventClass, field);
                if (component.getType() != String.class) {
                    throw new InvalidArgumentException("personal field", eventClass.getSimpleName() + "." + field
                            + " is a " + component.getType().getSimpleName() + "; personal fields are strings");
                }
                if (!names.add(field)) {
                    throw new InvalidArgumentException("personal field", "'" + field + "' is named twice");
                }
            }
            byClass.put(eventClass, new Declaration<>(type, subject, List.copyOf(names)));
            return this;
        }

        private static RecordComponent component(Class<?> eventClass, String field) {
            for (RecordComponent component : eventClass.getRecordComponents()) {
                if (component.getName().equals(field)) {
                    return component;
                }
            }
            throw new InvalidArgumentException("personal field", eventClass.getSimpleName() + " has no component '"
                    + field + "'");
        }

        public PersonalDataSchema build() {
            return new PersonalDataSchema(this);
        }
    }
}

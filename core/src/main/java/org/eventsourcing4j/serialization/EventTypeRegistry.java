package org.eventsourcing4j.serialization;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * The explicit, immutable map from event record classes to stable stored type names and
 * current schema revisions, plus the upcasters for older revisions. Built once with
 * {@link #builder()} and passed to whatever needs it; there is no global registry and no
 * classpath scanning, so the stored name never depends on a Java class name.
 *
 * <pre>{@code
 * EventTypeRegistry registry = EventTypeRegistry.builder()
 *         .register(AccountCreated.class, "AccountCreated")
 *         .register(MoneyDeposited.class, "MoneyDeposited", 2)
 *         .upcaster(Upcaster.nextRevision("MoneyDeposited", 1, data -> data.put("currency", "USD")))
 *         .build();
 * }</pre>
 */
public final class EventTypeRegistry {

    private final Map<Class<?>, EventType> byClass;
    private final Map<String, EventType> byName;
    private final Map<String, Upcaster> upcasters; // key: type + '\0' + revision

    private EventTypeRegistry(Builder builder) {
        this.byClass = Collections.unmodifiableMap(new LinkedHashMap<>(builder.byClass));
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(builder.byName));
        this.upcasters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.upcasters));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The registration of {@code eventClass}.
     *
     * @throws UnregisteredEventClassException when it is not registered
     */
    public EventType typeOf(Class<?> eventClass) {
        if (eventClass == null) {
            throw new InvalidArgumentException("event class", "must not be null");
        }
        EventType type = byClass.get(eventClass);
        if (type == null) {
            throw new UnregisteredEventClassException(eventClass);
        }
        return type;
    }

    /** The registration stored under {@code name}, if any. */
    public Optional<EventType> typeNamed(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The upcaster that reads {@code type} at {@code revision}, if any. */
    public Optional<Upcaster> upcasterFor(String type, int revision) {
        return Optional.ofNullable(upcasters.get(key(type, revision)));
    }

    /** Every registration, in registration order. */
    public Collection<EventType> types() {
        return byClass.values();
    }

    /** The stored names of every registered class assignable to {@code supertype}, e.g. for an event filter. */
    public Set<String> typeNamesOf(Class<?> supertype) {
        Set<String> names = new LinkedHashSet<>();
        for (EventType type : byClass.values()) {
            if (supertype.isAssignableFrom(type.eventClass())) {
                names.add(type.name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    private static String key(String type, int revision) {
        return type + '\u0000' + revision;
    }

    /** Collects registrations; {@link #build()} checks how upcasters fit the types. */
    public static final class Builder {
        private final Map<Class<?>, EventType> byClass = new LinkedHashMap<>();
        private final Map<String, EventType> byName = new LinkedHashMap<>();
        private final Map<String, Upcaster> upcasters = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers {@code eventClass} under {@code name} at revision 1. */
        public Builder register(Class<?> eventClass, String name) {
            return register(eventClass, name, 1);
        }

        /**
         * Registers {@code eventClass} under {@code name}; new events are written at {@code revision}.
         *
         * @throws InvalidArgumentException when the class or the name is already registered
         */
        public Builder register(Class<?> eventClass, String name, int revision) {
            EventType type = new EventType(eventClass, name, revision);
            EventType sameClass = byClass.get(eventClass);
            if (sameClass != null) {
                throw new InvalidArgumentException("event class",
                        eventClass.getName() + " is already registered as '" + sameClass.name() + "'");
            }
            EventType sameName = byName.get(name);
            if (sameName != null) {
                throw new InvalidArgumentException("event type name",
                        "'" + name + "' is already registered for " + sameName.eventClass().getName());
            }
            byClass.put(eventClass, type);
            byName.put(name, type);
            return this;
        }

        /**
         * Adds an upcaster for its type and revision.
         *
         * @throws InvalidArgumentException when that type and revision already has one
         */
        public Builder upcaster(Upcaster upcaster) {
            if (upcaster == null) {
                throw new InvalidArgumentException("upcaster", "must not be null");
            }
            Upcaster existing = upcasters.putIfAbsent(key(upcaster.type(), upcaster.revision()), upcaster);
            if (existing != null) {
                throw new InvalidArgumentException("upcaster", "'" + upcaster.name() + "' and '" + existing.name()
                        + "' both read " + upcaster.type() + " r" + upcaster.revision());
            }
            return this;
        }

        /**
         * The immutable registry.
         *
         * @throws InvalidArgumentException when an upcaster reads a registered type at or
         *                                  above its current revision (it would never run,
         *                                  or would loop)
         */
        public EventTypeRegistry build() {
            for (Upcaster upcaster : upcasters.values()) {
                EventType current = byName.get(upcaster.type());
                if (current != null && upcaster.revision() >= current.revision()) {
                    throw new InvalidArgumentException("upcaster", "'" + upcaster.name() + "' reads "
                            + upcaster.type() + " r" + upcaster.revision() + ", but r" + current.revision()
                            + " is the current revision of that type");
                }
            }
            return new EventTypeRegistry(this);
        }
    }
}

package org.eventsourcing4j.serialization;

/** An event of a class the {@link EventTypeRegistry} does not know was about to be written. */
public class UnregisteredEventClassException extends EventSerializationException {
    private static final long serialVersionUID = 1L;

    private final transient Class<?> eventClass;

    public UnregisteredEventClassException(Class<?> eventClass) {
        super("event class " + eventClass.getName() + " is not registered: add it to the EventTypeRegistry"
                + " with a stable type name before writing it");
        this.eventClass = eventClass;
    }

    public Class<?> eventClass() {
        return eventClass;
    }
}

package org.eventsourcing4j.serialization;

import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.support.Text;

/**
 * One registered event: its record class, the stable name it is stored under and the
 * schema revision new events are written with.
 *
 * @param name     stored type name, independent of the Java class name
 * @param revision current schema revision, at least 1; older revisions are upcast on read
 */
public record EventType(Class<?> eventClass, String name, int revision) {

    public EventType {
        if (eventClass == null) {
            throw new InvalidArgumentException("event class", "must not be null");
        }
        if (!eventClass.isRecord()) {
            throw new InvalidArgumentException("event class",
                    eventClass.getName() + " is not a record; domain events are plain immutable records");
        }
        Text.identifier(name, "event type name", Limits.MAX_EVENT_TYPE_LENGTH);
        if (revision < 1) {
            throw new InvalidArgumentException("revision", "must be at least 1, got " + revision);
        }
    }

    @Override
    public String toString() {
        return name + " r" + revision + " (" + eventClass.getSimpleName() + ")";
    }
}

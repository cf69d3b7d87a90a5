package org.eventsourcing4j.serialization;

import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.support.Text;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event's JSON at one type name and schema revision, as it passes through upcasters.
 * The tree is parsed afresh for every read, so an upcaster may change it in place and
 * return it.
 */
public record JsonEvent(String type, int revision, ObjectNode data) {

    public JsonEvent {
        Text.identifier(type, "event type name", Limits.MAX_EVENT_TYPE_LENGTH);
        if (revision < 1) {
            throw new InvalidArgumentException("revision", "must be at least 1, got " + revision);
        }
        if (data == null) {
            throw new InvalidArgumentException("event data", "must not be null");
        }
    }

    /** The same type at the next revision with {@code newData}. */
    public JsonEvent nextRevision(ObjectNode newData) {
        return new JsonEvent(type, revision + 1, newData);
    }

    @Override
    public String toString() {
        return type + " r" + revision;
    }
}

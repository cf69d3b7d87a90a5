package org.eventsourcing4j.store;

import java.util.Set;

/**
 * Which events of the global log a reader wants: by event type, by stream id prefix
 * (e.g. {@code "account-"} for a category), or both. Empty means no restriction.
 *
 * @param eventTypes   empty for every type
 * @param streamPrefix empty for every stream
 */
public record EventFilter(Set<String> eventTypes, String streamPrefix) {

    private static final EventFilter ALL = new EventFilter(Set.of(), "");

    public EventFilter {
        if (eventTypes == null) {
            throw new InvalidArgumentException("event types", "must not be null (use an empty set)");
        }
        if (streamPrefix == null) {
            throw new InvalidArgumentException("stream prefix", "must not be null (use \"\")");
        }
        for (String type : eventTypes) {
            org.eventsourcing4j.support.Text.identifier(type, "event type", Limits.MAX_EVENT_TYPE_LENGTH);
        }
        org.eventsourcing4j.support.Text.checkCharacters(streamPrefix, "stream prefix", false);
        eventTypes = Set.copyOf(eventTypes);
    }

    public static EventFilter all() {
        return ALL;
    }

    public static EventFilter types(String... types) {
        return new EventFilter(Set.of(types), "");
    }

    public static EventFilter streamPrefix(String prefix) {
        return new EventFilter(Set.of(), prefix);
    }

    public EventFilter andTypes(String... types) {
        return new EventFilter(Set.of(types), streamPrefix);
    }

    public boolean isAll() {
        return eventTypes.isEmpty() && streamPrefix.isEmpty();
    }

    public boolean matches(String type, StreamId stream) {
        return (eventTypes.isEmpty() || eventTypes.contains(type))
                && (streamPrefix.isEmpty() || stream.value().startsWith(streamPrefix));
    }
}

package org.eventsourcing4j.store.dcb;

import java.util.List;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Which events a decision depends on: those that match any of {@link #items()}; with no
 * items, every event ({@link #all()}).
 */
public record EventQuery(List<QueryItem> items) {
    /** The most items one query may have. */
    public static final int MAX_ITEMS = 64;

    public EventQuery {
        if (items == null) {
            throw new InvalidArgumentException("query items", "must not be null");
        }
        if (items.size() > MAX_ITEMS) {
            throw new InvalidArgumentException("query items", items.size() + " items, the limit is " + MAX_ITEMS);
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                throw new InvalidArgumentException("query items", "element " + i + " is null");
            }
        }
        items = List.copyOf(items);
    }

    /** Every event. */
    public static EventQuery all() {
        return new EventQuery(List.of());
    }

    public static EventQuery of(QueryItem... items) {
        if (items == null) {
            throw new InvalidArgumentException("query items", "must not be null");
        }
        return new EventQuery(java.util.Arrays.asList(items));
    }

    /** Whether the query matches every event. */
    public boolean isAll() {
        return items.isEmpty();
    }

    public boolean matches(RecordedEvent event) {
        if (items.isEmpty()) {
            return true;
        }
        for (QueryItem item : items) {
            if (item.matches(event.type(), event.tags())) {
                return true;
            }
        }
        return false;
    }
}

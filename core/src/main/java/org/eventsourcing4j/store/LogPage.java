package org.eventsourcing4j.store;

import java.util.List;

/**
 * One page of the global log.
 *
 * @param events the matching events after the requested position, in log order
 * @param next   where the next read starts. Every event at or before it that matches the
 *               filter is in this page or an earlier one, so a reader that processed the
 *               page may checkpoint {@code next} — it moves past events the filter dropped.
 */
public record LogPage(List<RecordedEvent> events, LogPosition next) {
    public LogPage {
        if (events == null) {
            throw new InvalidArgumentException("events", "must not be null");
        }
        if (next == null) {
            throw new InvalidArgumentException("next", "must not be null");
        }
        events = List.copyOf(events);
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }
}

package org.eventsourcing4j.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A validated append: events for one stream, written atomically under an expected version.
 *
 * <p>An empty batch is an error rather than a silent no-op, so a caller that meant to
 * write something finds out. At most {@link Limits#MAX_BATCH_SIZE} events; no event id
 * twice; {@code exactly(n)} must leave room for the batch below {@code Long.MAX_VALUE}.
 */
public record AppendBatch(StreamId stream, ExpectedVersion expected, List<EventData> events) {

    public AppendBatch {
        if (stream == null) {
            throw new InvalidArgumentException("stream id", "must not be null");
        }
        if (expected == null) {
            throw new InvalidArgumentException("expected version", "must not be null");
        }
        if (events == null) {
            throw new InvalidArgumentException("events", "must not be null");
        }
        if (events.isEmpty()) {
            throw new InvalidArgumentException("events", "must not be empty: an append writes at least one event");
        }
        if (events.size() > Limits.MAX_BATCH_SIZE) {
            throw new InvalidArgumentException("events",
                    events.size() + " events in one append, the limit is " + Limits.MAX_BATCH_SIZE);
        }
        Set<UUID> ids = events.size() == 1 ? null : new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            EventData event = events.get(i);
            if (event == null) {
                throw new InvalidArgumentException("events", "element " + i + " is null");
            }
            if (ids != null && !ids.add(event.eventId())) {
                throw new InvalidArgumentException("events", "event id " + event.eventId() + " appears twice in the batch");
            }
        }
        if (expected instanceof ExpectedVersion.Exactly exactly
                && exactly.version() > Long.MAX_VALUE - events.size()) {
            throw new InvalidArgumentException("expected version",
                    exactly.version() + " leaves no room for " + events.size() + " more events");
        }
        events = List.copyOf(events);
    }

    public static AppendBatch of(StreamId stream, ExpectedVersion expected, EventData... events) {
        if (events == null) {
            throw new InvalidArgumentException("events", "must not be null");
        }
        return new AppendBatch(stream, expected, java.util.Arrays.asList(events));
    }

    public int size() {
        return events.size();
    }
}

package org.eventsourcing4j.projection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * A projection's parked events, kept in stream order. Once an event of a stream is parked,
 * the stream's later events are parked behind it ("held back") instead of being applied,
 * until the parked ones are replayed or skipped: a handler that checks per-stream order
 * (version n + 1 after n) then never sees a stream's events out of order, neither while
 * one is parked nor when they are replayed, in log order, stopping at a stream's first
 * event that fails again.
 *
 * <p>Which streams are held back is remembered here and checked against the dead-letter
 * store before an event is held back, so a replay done by another process (an operator
 * tool) releases the stream too. Holding back and releasing are serialized on this
 * object, with the write to the store inside, so a replay that empties a stream and a new
 * event of that stream cannot pass each other.
 */
final class Parking {
    private final String name;
    private final DeadLetterStore store;
    private final Set<StreamId> held = new HashSet<>();

    Parking(String name, DeadLetterStore store) {
        this.name = name;
        this.store = store;
    }

    /** Reloads which streams have parked events (when the runner takes the projection over). */
    synchronized void reload() {
        held.clear();
        for (ParkedEvent parked : store.list(name)) {
            held.add(parked.event().streamId());
        }
    }

    /** Parks an event that failed for good; its stream's later events are held back behind it. */
    synchronized void park(ParkedEvent parked) {
        store.park(parked);
        held.add(parked.event().streamId());
    }

    /**
     * Parks the events of held-back streams, behind their stream's parked events.
     *
     * @return the others, to apply
     */
    synchronized List<RecordedEvent> holdBack(List<RecordedEvent> events, java.time.Instant now) {
        if (held.isEmpty()) {
            return events;
        }
        List<RecordedEvent> apply = new ArrayList<>(events.size());
        Set<StreamId> confirmed = new HashSet<>();
        for (RecordedEvent event : events) {
            StreamId stream = event.streamId();
            if (held.contains(stream) && (confirmed.contains(stream) || stillParked(stream))) {
                confirmed.add(stream);
                store.park(new ParkedEvent(name, event, "held back: an earlier event of stream '" + stream
                        + "' is parked; replay or skip it first", 0, now));
            } else {
                held.remove(stream);
                apply.add(event);
            }
        }
        return apply;
    }

    /** Whether {@code event}'s stream is held back right now. */
    synchronized boolean isHeld(RecordedEvent event) {
        return held.contains(event.streamId()) && stillParked(event.streamId());
    }

    private boolean stillParked(StreamId stream) {
        for (ParkedEvent parked : store.list(name)) {
            if (parked.event().streamId().equals(stream)) {
                return true;
            }
        }
        held.remove(stream);
        return false;
    }

    /**
     * Replays the parked events in log order through {@code target}; a stream whose event
     * fails again keeps it and its later events parked (the failure recorded on it).
     *
     * @return how many were applied
     */
    int replay(ProjectionTarget target, java.time.Clock clock) {
        int replayed = 0;
        Set<StreamId> failed = new HashSet<>();
        for (ParkedEvent parked : store.list(name)) {
            StreamId stream = parked.event().streamId();
            if (failed.contains(stream)) {
                continue;
            }
            try {
                target.replay(parked, store);
                replayed++;
            } catch (RuntimeException e) {
                failed.add(stream);
                store.park(new ParkedEvent(name, parked.event(), ProjectionRunner.describe(e), parked.attempts() + 1,
                        clock.instant()));
            }
        }
        reload();
        return replayed;
    }

    /** Removes one parked event without applying it; false when it was not parked. */
    boolean skip(UUID eventId) {
        boolean removed = store.remove(name, eventId);
        reload();
        return removed;
    }

    List<ParkedEvent> list() {
        return store.list(name);
    }

    /** Forgets every parked event (before a rebuild, which applies them all again). */
    void clear() {
        for (ParkedEvent parked : store.list(name)) {
            store.remove(name, parked.event().eventId());
        }
        reload();
    }
}

package org.eventsourcing4j.store.memory;

import java.util.Arrays;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * An append-only array of events with one writer at a time (the store's lock) and
 * lock-free readers. Each append publishes a new immutable {@link Snapshot} through a
 * volatile field; array slots below a published size are never written again, so a
 * reader holding a snapshot sees a consistent prefix even while the array grows.
 *
 * <p>Stream lifecycle operations ({@link #clear}, {@link #restore}) never write a published
 * array either: they publish a copy, in which removed events are null slots (the global log
 * keeps its positions: readers skip the holes).
 */
final class Log {
    record Snapshot(RecordedEvent[] events, int size) {
        RecordedEvent get(int index) {
            return events[index];
        }
    }

    private volatile Snapshot current = new Snapshot(new RecordedEvent[16], 0);

    Snapshot snapshot() {
        return current;
    }

    int size() {
        return current.size();
    }

    /** A log holding {@code events}; under the store's write lock. */
    static Log of(RecordedEvent[] events) {
        Log log = new Log();
        log.addAll(events);
        return log;
    }

    /** Replaces the slots at these indexes by holes; under the store's write lock. */
    void clear(Iterable<Integer> indexes) {
        Snapshot now = current;
        RecordedEvent[] copy = now.events().clone();
        for (int index : indexes) {
            copy[index] = null;
        }
        current = new Snapshot(copy, now.size());
    }

    /** Puts events back into their holes, at index position - 1; under the store's write lock. */
    void restore(Iterable<RecordedEvent> events) {
        Snapshot now = current;
        RecordedEvent[] copy = now.events().clone();
        for (RecordedEvent event : events) {
            copy[(int) event.position() - 1] = event;
        }
        current = new Snapshot(copy, now.size());
    }

    /** Called only under the store's write lock. */
    void addAll(RecordedEvent[] batch) {
        Snapshot now = current;
        RecordedEvent[] array = now.events();
        int size = now.size();
        if (size + batch.length > array.length) {
            array = Arrays.copyOf(array, Math.max(array.length * 2, size + batch.length));
        }
        System.arraycopy(batch, 0, array, size, batch.length);
        current = new Snapshot(array, size + batch.length);
    }
}

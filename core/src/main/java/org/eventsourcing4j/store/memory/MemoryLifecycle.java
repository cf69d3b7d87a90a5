package org.eventsourcing4j.store.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ErasureRecord;
import org.eventsourcing4j.store.ErasureRequest;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamDeletedException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamLifecycle;
import org.eventsourcing4j.store.StreamState;
import org.eventsourcing4j.store.StreamState.Status;
import org.eventsourcing4j.store.spi.Lifecycles;
import org.eventsourcing4j.support.Checks;

/**
 * The in-memory store's {@link StreamLifecycle}: every operation runs under the store's
 * write lock, so it is serialized with appends; readers see the store before or after it
 * (the logs publish copies, see {@link Log}).
 */
final class MemoryLifecycle implements StreamLifecycle {
    private final InMemoryEventStore store;
    private final List<ErasureRecord> erasures = new CopyOnWriteArrayList<>();

    MemoryLifecycle(InMemoryEventStore store) {
        this.store = store;
    }

    @Override
    public StreamState state(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return store.state(stream);
    }

    @Override
    public AppendResult softDelete(StreamId stream, String reason) {
        Checks.notNull(stream, "stream id");
        var marker = Lifecycles.deletedMarker(reason);
        AppendResult result;
        synchronized (store.writeLock()) {
            StreamState state = store.state(stream);
            Lifecycles.refuseRetired(stream, state);
            long head = store.currentVersion(stream);
            Lifecycles.requireEvents(stream, head, "delete");
            result = store.appendMarker(stream, head, marker);
            store.states.put(stream, new StreamState(Status.DELETED, state.firstVersion()));
        }
        return result;
    }

    @Override
    public long truncateBefore(StreamId stream, long version) {
        Checks.notNull(stream, "stream id");
        synchronized (store.writeLock()) {
            StreamState state = store.state(stream);
            Lifecycles.refuseRetired(stream, state);
            long head = store.currentVersion(stream);
            Lifecycles.checkTruncation(stream, version, head);
            if (version <= state.firstVersion()) {
                return 0;
            }
            List<RecordedEvent> events = live(stream);
            int cut = (int) (version - state.firstVersion());
            forget(events.subList(0, cut));
            store.streams().put(stream, Log.of(events.subList(cut, events.size()).toArray(RecordedEvent[]::new)));
            store.states.put(stream, new StreamState(Status.LIVE, version));
            return cut;
        }
    }

    @Override
    public ErasureRecord hardDelete(StreamId stream, ErasureRequest request) {
        Checks.notNull(stream, "stream id");
        Checks.notNull(request, "erasure request");
        synchronized (store.writeLock()) {
            StreamState state = store.state(stream);
            if (state.status() == Status.ERASED) {
                throw new InvalidArgumentException("stream", "'" + stream.value() + "' is erased already");
            }
            long head = store.currentVersion(stream);
            Lifecycles.requireEvents(stream, head, "erase");
            long erased;
            if (state.status() == Status.ARCHIVED) {
                erased = store.archive.remove(stream).length;
            } else {
                List<RecordedEvent> events = live(stream);
                forget(events);
                erased = events.size();
            }
            store.streams().put(stream, new Log());
            store.states.put(stream, new StreamState(Status.LIVE, head + 1));
            store.appendMarker(stream, head, Lifecycles.erasedMarker());
            store.states.put(stream, new StreamState(Status.ERASED, head + 1));
            ErasureRecord record = new ErasureRecord(stream, request.requestedBy(), request.reason(),
                    Limits.recordedAt(store.clock().instant()), erased, head);
            erasures.add(record);
            return record;
        }
    }

    @Override
    public List<ErasureRecord> erasures() {
        return List.copyOf(erasures);
    }

    @Override
    public long archive(StreamId stream) {
        Checks.notNull(stream, "stream id");
        synchronized (store.writeLock()) {
            StreamState state = store.state(stream);
            if (state.isDeleted()) {
                throw new StreamDeletedException(stream, state.status() == Status.ERASED);
            }
            if (state.status() == Status.ARCHIVED) {
                throw new InvalidArgumentException("stream", "'" + stream.value() + "' is archived already");
            }
            List<RecordedEvent> events = live(stream);
            Lifecycles.requireEvents(stream, events.size(), "archive");
            store.archive.put(stream, events.toArray(RecordedEvent[]::new));
            forget(events);
            store.streams().remove(stream);
            store.states.put(stream, new StreamState(Status.ARCHIVED, state.firstVersion()));
            return events.size();
        }
    }

    @Override
    public long restore(StreamId stream) {
        Checks.notNull(stream, "stream id");
        synchronized (store.writeLock()) {
            StreamState state = store.state(stream);
            if (state.status() != Status.ARCHIVED) {
                throw new InvalidArgumentException("stream", "'" + stream.value() + "' is not archived");
            }
            RecordedEvent[] events = store.archive.remove(stream);
            store.streams().put(stream, Log.of(events));
            store.global().restore(Arrays.asList(events));
            for (RecordedEvent event : events) {
                store.byEventId().put(event.eventId(), event);
            }
            store.states.put(stream, new StreamState(Status.LIVE, state.firstVersion()));
            return events.length;
        }
    }

    /** The stream's live events, in version order. */
    private List<RecordedEvent> live(StreamId stream) {
        Log log = store.streams().get(stream);
        List<RecordedEvent> events = new ArrayList<>();
        if (log != null) {
            Log.Snapshot snapshot = log.snapshot();
            for (int i = 0; i < snapshot.size(); i++) {
                events.add(snapshot.get(i));
            }
        }
        return events;
    }

    /** Removes the events from the global log and the event-id index. */
    private void forget(List<RecordedEvent> events) {
        List<Integer> slots = new ArrayList<>(events.size());
        for (RecordedEvent event : events) {
            slots.add((int) event.position() - 1);
            store.byEventId().remove(event.eventId());
        }
        store.global().clear(slots);
    }
}

package org.eventsourcing4j.aggregate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;

/** A real store that counts the events stream reads hand out, to see what a load read. */
final class CountingEventStore implements EventStore {
    private final EventStore store;
    private final AtomicLong eventsRead = new AtomicLong();

    CountingEventStore(EventStore store) {
        this.store = store;
    }

    /** Events read since the last call. */
    long takeEventsRead() {
        return eventsRead.getAndSet(0);
    }

    /** Runs {@code read} without counting what it reads. */
    <T> T uncounted(Supplier<T> read) {
        long before = eventsRead.get();
        try {
            return read.get();
        } finally {
            eventsRead.set(before);
        }
    }

    @Override
    public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
        return store.readStream(stream, query).peek(event -> eventsRead.incrementAndGet());
    }

    @Override
    public AppendResult append(AppendBatch batch) {
        return store.append(batch);
    }

    @Override
    public long currentVersion(StreamId stream) {
        return store.currentVersion(stream);
    }

    @Override
    public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
        return store.readAll(after, limit, filter);
    }

    @Override
    public LogPosition headPosition() {
        return store.headPosition();
    }
}

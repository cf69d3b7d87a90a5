package org.eventsourcing4j.aggregate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;

/** A real store that counts the events stream reads hand out, to see what a load read. */
final class CountingEventStore extends ForwardingEventStore {
    private final AtomicLong eventsRead = new AtomicLong();

    CountingEventStore(EventStore store) {
        super(store);
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
        return super.readStream(stream, query).peek(event -> eventsRead.incrementAndGet());
    }
}

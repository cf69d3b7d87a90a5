package org.eventsourcing4j.aggregate;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.ReplicaLagException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.memory.InMemoryEventStore;

/**
 * A real store whose stream reads come from a second in-memory store, its replica, which gets
 * the primary's events only when it catches up: on {@link #catchUp()}, or when a caller awaits
 * replication. While {@link #pause() paused}, awaiting replication fails as a lagging replica
 * does. The PostgreSQL tests run the same cases against a real streaming replica.
 */
final class LaggingReplicaStore extends ForwardingEventStore {
    private final InMemoryEventStore replica = new InMemoryEventStore();
    private LogPosition copied = LogPosition.START;
    private volatile boolean paused;
    private int waits;

    LaggingReplicaStore(EventStore primary) {
        super(primary);
    }

    /** Copies every primary event the replica lacks, in log order. */
    synchronized void catchUp() {
        for (LogPage page = delegate().readAll(copied, 100); !page.events().isEmpty();
             page = delegate().readAll(copied, 100)) {
            for (RecordedEvent event : page.events()) {
                replica.append(event.streamId(), ExpectedVersion.exactly(event.version() - 1), new EventData(
                        event.eventId(), event.type(), event.revision(), event.data(), event.metadata()));
            }
            copied = page.next();
        }
    }

    void pause() {
        paused = true;
    }

    synchronized int waits() {
        return waits;
    }

    @Override
    public synchronized boolean awaitReplication(Duration timeout) {
        waits++;
        if (paused) {
            throw new ReplicaLagException("replay is paused", timeout);
        }
        catchUp();
        return true;
    }

    @Override
    public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
        return replica.readStream(stream, query);
    }

    @Override
    public long currentVersion(StreamId stream) {
        return replica.currentVersion(stream);
    }

    @Override
    public Optional<RecordedEvent> readEvent(UUID eventId) {
        return replica.readEvent(eventId);
    }
}

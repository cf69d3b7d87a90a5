package org.eventsourcing4j.aggregate;

import java.time.Instant;
import java.util.Iterator;
import java.util.stream.Stream;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.StreamReader;

/**
 * The one place state is rebuilt: from the latest usable snapshot in range, if snapshots are
 * on, then the events after it; otherwise from every event in range. Either way the result
 * is the state a full replay of the range gives.
 */
final class Rehydration<A extends AggregateRoot<E>, E> {
    private final StreamReader store;
    private final EventCodec codec;
    private final AggregateType<A, E> type;
    private final RepositorySnapshots<A, E, ?> snapshots; // null: snapshots are off

    Rehydration(StreamReader store, EventCodec codec, AggregateType<A, E> type, RepositorySnapshots<A, E, ?> snapshots) {
        this.store = store;
        this.codec = codec;
        this.type = type;
        this.snapshots = snapshots;
    }

    /**
     * @param stopAtGap for time travel by instant: stop before the first event recorded after
     *                  it, even if later events were recorded earlier (a clock set back)
     */
    Rebuilt<A> rebuild(String id, StreamQuery query, boolean stopAtGap) {
        StreamId stream = type.streamId(id);
        Snapshot rejected = null;
        if (snapshots != null) {
            RepositorySnapshots.Start<A> start = snapshots.start(id, stream, query);
            if (start instanceof RepositorySnapshots.Start.Restored<A> restored) {
                Snapshot snapshot = restored.snapshot();
                // Read from the snapshot's own version: its event must be there, recorded no
                // later than the snapshot says, or the snapshot belongs to some other history.
                Rebuilt<A> rebuilt = replay(stream, restored.aggregate(), query.withFromVersion(snapshot.version()),
                        stopAtGap, snapshot);
                if (rebuilt != null) {
                    snapshots.used();
                    return rebuilt;
                }
                snapshots.ignore(snapshot, "the stream has no event at version " + snapshot.version()
                        + " recorded at or before " + snapshot.recordedUntil()
                        + " (a version beyond the stream's, or another history)");
                rejected = snapshot;
            } else if (start instanceof RepositorySnapshots.Start.FromFirstEvent<A> fresh) {
                rejected = fresh.rejected().orElse(null);
            }
        }
        Rebuilt<A> full = replay(stream, type.newInstance(id), query, stopAtGap, null);
        return new Rebuilt<>(full.aggregate(), full.replayed(), full.recordedUntil(), rejected);
    }

    /** Null when {@code snapshot} does not match the stream. */
    private Rebuilt<A> replay(StreamId stream, A aggregate, StreamQuery query, boolean stopAtGap, Snapshot snapshot) {
        long replayed = 0;
        Instant recordedUntil = snapshot == null ? null : snapshot.recordedUntil();
        try (Stream<RecordedEvent> events = store.readStream(stream, query)) {
            Iterator<RecordedEvent> iterator = events.iterator();
            if (snapshot != null) {
                RecordedEvent first = iterator.hasNext() ? iterator.next() : null;
                if (first == null || first.version() != snapshot.version()
                        || first.recordedAt().isAfter(snapshot.recordedUntil())) {
                    return null;
                }
            }
            while (iterator.hasNext()) {
                RecordedEvent event = iterator.next();
                if (stopAtGap && event.version() != aggregate.version() + 1) {
                    break; // an earlier event was recorded after the instant: the state ends before it
                }
                aggregate.replay(event.version(), codec.decode(event, type.eventType()));
                replayed++;
                if (recordedUntil == null || event.recordedAt().isAfter(recordedUntil)) {
                    recordedUntil = event.recordedAt();
                }
            }
        }
        return new Rebuilt<>(aggregate, replayed, recordedUntil, null);
    }
}

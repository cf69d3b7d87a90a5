package org.eventsourcing4j.aggregate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.eventsourcing4j.snapshot.SnapshotType;

/**
 * The states of {@link CacheOptions}: an LRU map of id to (version, captured state). A take
 * removes the entry, so the command that took it owns the aggregate restored from it; a
 * successful command puts its new state back.
 */
final class StateCache<A extends AggregateRoot<?>, S> {
    private record Entry<S>(long version, S state) {
    }

    private final SnapshotType<A, S> type;
    private final Map<String, Entry<S>> states;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stale = new LongAdder();

    private StateCache(SnapshotType<A, S> type, int maxAggregates) {
        this.type = type;
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<S>> eldest) {
                return size() > maxAggregates;
            }
        };
    }

    @SuppressWarnings("unchecked")
    static <A extends AggregateRoot<?>> StateCache<A, ?> of(CacheOptions<A> options) {
        return new StateCache<>((SnapshotType<A, Object>) options.state(), options.maxAggregates());
    }

    /** A fresh aggregate restored from the cached state of {@code id}, which leaves the cache; null when none. */
    A take(String id) {
        Entry<S> entry;
        synchronized (states) {
            entry = states.remove(id);
        }
        if (entry == null) {
            misses.increment();
            return null;
        }
        hits.increment();
        return type.restore().restore(id, entry.version(), entry.state());
    }

    /** Keeps the state of {@code aggregate}, which has nothing uncommitted, unless a later one is kept. */
    void put(A aggregate) {
        S state = type.capture().apply(aggregate);
        long version = aggregate.version();
        synchronized (states) {
            Entry<S> present = states.get(aggregate.id());
            if (present == null || present.version() < version) {
                states.put(aggregate.id(), new Entry<>(version, state));
            }
        }
    }

    void evict(String id) {
        synchronized (states) {
            states.remove(id);
        }
    }

    void evictAll() {
        synchronized (states) {
            states.clear();
        }
    }

    void stale() {
        stale.increment();
    }

    CacheStatistics statistics() {
        int size;
        synchronized (states) {
            size = states.size();
        }
        return new CacheStatistics(hits.sum(), misses.sum(), stale.sum(), size);
    }
}

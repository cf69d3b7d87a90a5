package org.eventsourcing4j.postgres.internal;

import java.util.concurrent.ConcurrentHashMap;
import org.eventsourcing4j.store.StreamId;

/**
 * Stream versions this store has seen committed: the version an auto-commit append
 * returned, the last version of a stream page, a stream's current version. An append
 * {@code exactly(v)} whose v is known to exist can then skip the statement's existence
 * check and be a plain INSERT at v + 1, whose unique (stream_id, version) index still
 * refuses a stale v.
 *
 * <p>Events can be removed ({@link PostgresLifecycle}), so "v was seen" no longer means "v
 * exists"; the shortcut stays safe because it never writes below a removed version: a
 * truncation keeps the stream's head, so an insert at v + 1 ≤ head still hits the unique
 * index, and one below the truncation, or into a deleted, erased or archived stream, is
 * refused by the events table's lifecycle trigger, whichever process removed the events.
 *
 * <p>Only committed versions may be recorded: a version written in a caller's transaction
 * may still be rolled back, and an append after it that skipped the check would leave a
 * gap. Bounded: when {@code capacity} streams are known, the table starts over (a stream
 * that is not known just takes the checked statement).
 */
public final class KnownHeads {
    private final int capacity;
    private final ConcurrentHashMap<String, Long> heads;

    /** @param capacity how many streams to remember; 0 remembers none */
    public KnownHeads(int capacity) {
        this.capacity = capacity;
        this.heads = new ConcurrentHashMap<>(capacity == 0 ? 1 : Math.min(capacity, 1024));
    }

    /** Whether version {@code version} of the stream is known to be committed. */
    boolean exists(StreamId stream, long version) {
        if (capacity == 0) {
            return false;
        }
        Long head = heads.get(stream.value());
        return head != null && head >= version;
    }

    /** Records that the stream has committed events up to {@code version}. */
    void committed(StreamId stream, long version) {
        if (capacity == 0 || version < 1) {
            return;
        }
        String key = stream.value();
        Long known = heads.get(key);
        if (known != null && known >= version) {
            return;
        }
        if (known == null && heads.size() >= capacity) {
            heads.clear();
        }
        heads.merge(key, version, Math::max);
    }

    int size() {
        return heads.size();
    }
}

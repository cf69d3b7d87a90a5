package org.eventsourcing4j.store;

/**
 * A store that can wake readers soon after events are appended (in this process, or in
 * another one where the store supports it: PostgreSQL uses LISTEN/NOTIFY). Subscriptions
 * use it to follow the log without busy polling; they still poll now and then, because a
 * notification is a hint and may be lost or coalesced.
 */
public interface AppendNotifier {

    /**
     * Runs {@code listener} after appends, on a thread of the store's choosing; it must
     * return quickly. Several appends may produce one call. A listener that throws is
     * logged: it neither fails the append nor keeps the other listeners from running.
     */
    Registration onAppend(Runnable listener);

    /** Stops the notifications of one {@link #onAppend(Runnable)}. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}

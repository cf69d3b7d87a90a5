package org.eventsourcing4j.store;

import java.util.Optional;

/**
 * Reads the global log: every event of every stream in one total order that every reader
 * sees identically, each stream's events in version order within it. A reader that pages
 * forward from any position never skips a committed event, even when transactions commit
 * out of order.
 *
 * <p>Two capabilities have defaults for stores without them, and decorators forward them
 * ({@link ForwardingEventStore}): {@link #onAppend(Runnable) wake-ups after appends}, so
 * readers need not poll hard, and {@link #readDelay() why readers are held back}.
 */
public interface GlobalLogReader {

    /**
     * At most {@code limit} events after {@code after} that match {@code filter}, in log order.
     *
     * @param limit 1..{@link Limits#MAX_PAGE_SIZE}
     */
    LogPage readAll(LogPosition after, int limit, EventFilter filter);

    /** Every event after {@code after}, at most {@code limit}. */
    default LogPage readAll(LogPosition after, int limit) {
        return readAll(after, limit, EventFilter.all());
    }

    /** The position of the last event a reader can currently see; {@link LogPosition#START} when none. */
    LogPosition headPosition();

    /**
     * The position of the last committed event, whether readers can see it yet or not;
     * {@link LogPosition#START} when none. It is {@link #headPosition()} except where readers
     * can be held back (on PostgreSQL, events committed above the visibility horizon): for
     * telling how far behind a reader really is. The default is {@code headPosition()}.
     */
    default LogPosition lastCommittedPosition() {
        return headPosition();
    }

    /**
     * Runs {@code listener} soon after events are appended (in this process, or in another
     * one where the store supports it: PostgreSQL uses LISTEN/NOTIFY), on a thread of the
     * store's choosing; it must return quickly. Several appends may produce one call. A
     * listener that throws is logged: it neither fails the append nor keeps the other
     * listeners from running. A wake-up is a hint that may be lost or coalesced: readers
     * still poll now and then.
     *
     * @return the registration, which closing removes; empty when this store cannot wake
     *         readers (they then find new events by polling). The default is empty.
     */
    default Optional<Registration> onAppend(Runnable listener) {
        return Optional.empty();
    }

    /**
     * Why readers of the global log cannot see past some point right now (on PostgreSQL an
     * open transaction older than the newest events holds the visibility horizon back; the
     * store names its backend and age instead of skipping past it); empty when nothing holds
     * them back, and always empty for stores whose readers are never held back (the default).
     */
    default Optional<ReadDelay> readDelay() {
        return Optional.empty();
    }
}

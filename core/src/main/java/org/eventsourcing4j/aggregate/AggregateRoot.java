package org.eventsourcing4j.aggregate;

import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.support.Text;

/**
 * The base of an event-sourced aggregate with events of type {@code E} (one sealed
 * interface per aggregate).
 *
 * <p>Command methods check the business rules and call {@link #raise(Object)}; state
 * changes only in {@link #apply(Object)}, once per event, both for new events and when
 * history is replayed. Replaying never records anything as uncommitted, so a loaded
 * aggregate has nothing to save until a command raises an event.
 *
 * <p>{@link #version()} is the stream version the state was built from: the version of the
 * last stored event applied, 0 for a new aggregate. Uncommitted events do not count; the
 * repository saves them expecting exactly this version. Not thread-safe: load one instance
 * per command.
 */
public abstract class AggregateRoot<E> {

    private final String id;
    private long version;
    private final List<E> uncommitted = new ArrayList<>();

    /** A new aggregate with no history. */
    protected AggregateRoot(String id) {
        this(id, 0);
    }

    /** An aggregate whose state already includes the stream up to {@code version} (restored from a snapshot). */
    protected AggregateRoot(String id, long version) {
        this.id = Text.identifier(id, "aggregate id", Limits.MAX_STREAM_ID_LENGTH);
        if (version < 0) {
            throw new InvalidArgumentException("version", "must not be negative, got " + version);
        }
        this.version = version;
    }

    public final String id() {
        return id;
    }

    /** The version of the last stored event in this state; 0 when nothing is stored yet. */
    public final long version() {
        return version;
    }

    /** The events raised since the aggregate was loaded or last saved, oldest first. */
    public final List<E> uncommittedEvents() {
        return List.copyOf(uncommitted);
    }

    public final boolean hasUncommittedEvents() {
        return !uncommitted.isEmpty();
    }

    /** Called after the uncommitted events were stored right after {@link #version()}. */
    public final void markCommitted() {
        version += uncommitted.size();
        uncommitted.clear();
    }

    /**
     * Applies the domain events read from the stored event at {@code streamVersion}, which
     * must directly follow {@link #version()}. Usually one event; several when an upcaster
     * split the stored one. Nothing becomes uncommitted.
     *
     * @throws IllegalStateException when the aggregate has uncommitted events or the version does not follow
     */
    public final void replay(long streamVersion, List<? extends E> events) {
        if (!uncommitted.isEmpty()) {
            throw new IllegalStateException("cannot replay history into aggregate '" + id + "', which has "
                    + uncommitted.size() + " uncommitted events");
        }
        if (streamVersion != version + 1) {
            throw new IllegalStateException("aggregate '" + id + "' is at version " + version
                    + "; the next stored event must be version " + (version + 1) + ", got " + streamVersion);
        }
        for (E event : events) {
            apply(requireEvent(event));
        }
        version = streamVersion;
    }

    /** Replays {@code history} as one stored event each, at the versions after {@link #version()}. */
    public final void loadFromHistory(List<? extends E> history) {
        for (E event : history) {
            replay(version + 1, List.of(requireEvent(event)));
        }
    }

    /** Records a new event: applies it, then keeps it for the next save. Call it only after every rule passed. */
    protected final void raise(E event) {
        apply(requireEvent(event));
        uncommitted.add(event);
    }

    /**
     * Changes the state for one event. Never checks a rule and never fails for an event of
     * the aggregate's type; an event type it does not handle is a programming error:
     * throw {@link UnhandledEventException}. {@link EventHandlers} does the dispatch and
     * that check.
     */
    protected abstract void apply(E event);

    private static <T> T requireEvent(T event) {
        if (event == null) {
            throw new InvalidArgumentException("event", "must not be null");
        }
        return event;
    }
}

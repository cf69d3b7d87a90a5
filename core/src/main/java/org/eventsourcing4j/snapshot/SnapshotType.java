package org.eventsourcing4j.snapshot;

import java.util.function.Function;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Text;

/**
 * How an aggregate's state becomes a snapshot and back, explicitly: the state is a record
 * of its own ({@code stateClass}) with a stable stored name and a schema revision, written
 * as JSON. The aggregate object itself, with its private fields, is never serialized.
 *
 * <pre>{@code
 * public static final SnapshotType<Account, AccountSnapshot> SNAPSHOT = SnapshotType.of(
 *         "AccountSnapshot", 1, AccountSnapshot.class, Account::snapshot, Account::new);
 * }</pre>
 *
 * <p>Change the record's shape, and raise {@code revision}: snapshots of any other revision
 * are ignored (the aggregate is rebuilt from its events and snapshotted again), so there
 * are no snapshot upcasters.
 *
 * @param name       stored type name, independent of the Java class name
 * @param revision   schema revision of {@code stateClass}, at least 1
 * @param stateClass the record that holds the state
 * @param capture    the state of an aggregate; must return a value no later command changes
 *                   (a record of immutable values), since it may be written on another thread
 * @param restore    an aggregate with that state at that version, with nothing uncommitted
 *                   (usually a constructor that passes the version to
 *                   {@code AggregateRoot(String id, long version)})
 */
public record SnapshotType<A, S>(String name, int revision, Class<S> stateClass,
        Function<? super A, ? extends S> capture, Restore<A, S> restore) {

    /** Makes the aggregate whose state is {@code state} after the event at {@code version}. */
    @FunctionalInterface
    public interface Restore<A, S> {
        A restore(String id, long version, S state);
    }

    public SnapshotType {
        Text.identifier(name, "snapshot type", Snapshot.MAX_TYPE_LENGTH);
        if (revision < 1) {
            throw new InvalidArgumentException("snapshot revision", "must be at least 1, got " + revision);
        }
        if (stateClass == null || !stateClass.isRecord()) {
            throw new InvalidArgumentException("snapshot state class",
                    (stateClass == null ? "null" : stateClass.getName()) + " is not a record");
        }
        if (capture == null) {
            throw new InvalidArgumentException("snapshot capture", "must not be null");
        }
        if (restore == null) {
            throw new InvalidArgumentException("snapshot restore", "must not be null");
        }
    }

    public static <A, S> SnapshotType<A, S> of(String name, int revision, Class<S> stateClass,
            Function<? super A, ? extends S> capture, Restore<A, S> restore) {
        return new SnapshotType<>(name, revision, stateClass, capture, restore);
    }

    @Override
    public String toString() {
        return name + " r" + revision + " (" + stateClass.getSimpleName() + ")";
    }
}

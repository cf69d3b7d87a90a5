package org.eventsourcing4j.aggregate;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotStatistics;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotTrigger;
import org.eventsourcing4j.snapshot.SnapshotType;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * A repository's snapshots: finding and checking one to start from, and writing new ones
 * after the load or save that triggered them. A snapshot is only ever a shortcut, so
 * nothing here fails a load or a command: problems are logged, counted and answered by
 * reading the events.
 */
final class RepositorySnapshots<A extends AggregateRoot<E>, E, S> {
    private static final Logger LOG = LoggerFactory.getLogger(RepositorySnapshots.class);

    /** Where a rebuild starts: an aggregate restored from a snapshot, or the beginning of the stream. */
    sealed interface Start<A> {
        /** Restored from {@code snapshot}; the events after its version are still to be read. */
        record Restored<A>(A aggregate, Snapshot snapshot) implements Start<A> {
        }

        /** From the first event; {@code rejected} is an unusable snapshot found on the way, to be replaced. */
        record FromFirstEvent<A>(Optional<Snapshot> rejected) implements Start<A> {
        }

        static <A> Start<A> none() {
            return new FromFirstEvent<>(Optional.empty());
        }

        static <A> Start<A> rejected(Snapshot snapshot) {
            return new FromFirstEvent<>(Optional.of(snapshot));
        }
    }

    private final AggregateType<A, E> aggregateType;
    private final SnapshotOptions<A> options;
    private final SnapshotType<A, S> type;
    private final SnapshotStore store;
    private final LongAdder taken = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder used = new LongAdder();
    /** Streams with a snapshot write queued or running: a burst of slow loads queues one, not one each. */
    private final Set<StreamId> pending = ConcurrentHashMap.newKeySet();

    private RepositorySnapshots(AggregateType<A, E> aggregateType, SnapshotOptions<A> options, SnapshotType<A, S> type) {
        this.aggregateType = aggregateType;
        this.options = options;
        this.type = type;
        this.store = options.store();
    }

    static <A extends AggregateRoot<E>, E> RepositorySnapshots<A, E, ?> of(AggregateType<A, E> aggregateType,
            SnapshotOptions<A> options) {
        return create(aggregateType, options, options.type());
    }

    private static <A extends AggregateRoot<E>, E, S> RepositorySnapshots<A, E, S> create(
            AggregateType<A, E> aggregateType, SnapshotOptions<A> options, SnapshotType<A, S> type) {
        return new RepositorySnapshots<>(aggregateType, options, type);
    }

    SnapshotOptions<A> options() {
        return options;
    }

    SnapshotStatistics statistics() {
        return new SnapshotStatistics(taken.sum(), failed.sum(), ignored.sum(), used.sum());
    }

    // ---- reading ----

    /** The latest snapshot that may hold a state inside {@code query}'s range, restored if it is readable. */
    Start<A> start(String id, StreamId stream, StreamQuery query) {
        Optional<Snapshot> found;
        try {
            if (query.recordedAtOrBefore() != null) {
                found = store.loadLatestRecordedBy(stream, query.recordedAtOrBefore());
            } else if (query.toVersion() == Long.MAX_VALUE) {
                found = store.loadLatest(stream);
            } else {
                found = store.loadLatestAtOrBefore(stream, query.toVersion());
            }
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("cannot read the snapshots of stream '{}', rebuilding from its events: {}", stream, e.toString());
            return Start.none();
        }
        if (found.isEmpty()) {
            return Start.none();
        }
        Snapshot snapshot = found.get();
        String problem = problemWith(snapshot);
        if (problem != null) {
            ignore(snapshot, problem);
            return Start.rejected(snapshot);
        }
        S state;
        try {
            state = options.mapper().readValue(snapshot.data(), type.stateClass());
        } catch (JacksonException e) {
            ignore(snapshot, "its data does not read as " + type.stateClass().getSimpleName() + ": "
                    + e.getOriginalMessage());
            return Start.rejected(snapshot);
        }
        if (state == null) {
            ignore(snapshot, "its data is JSON null");
            return Start.rejected(snapshot);
        }
        A restored;
        try {
            restored = type.restore().restore(id, snapshot.version(), state);
        } catch (RuntimeException e) {
            ignore(snapshot, "restoring it failed: " + e);
            return Start.rejected(snapshot);
        }
        if (restored == null || !restored.id().equals(id) || restored.version() != snapshot.version()
                || restored.hasUncommittedEvents()) {
            throw new IllegalStateException("the restore function of snapshot type " + type + " must return an"
                    + " aggregate with id '" + id + "', version " + snapshot.version()
                    + " and nothing uncommitted, got " + restored);
        }
        return new Start.Restored<>(restored, snapshot);
    }

    private String problemWith(Snapshot snapshot) {
        if (!snapshot.type().equals(type.name())) {
            return "its type '" + snapshot.type() + "' is not '" + type.name() + "'";
        }
        if (snapshot.revision() < type.revision()) {
            return "its revision r" + snapshot.revision() + " is older than r" + type.revision() + " of " + type;
        }
        if (snapshot.revision() > type.revision()) {
            return "its revision r" + snapshot.revision() + " is newer than r" + type.revision() + " of " + type
                    + " (written by a newer version of the application?)";
        }
        return null;
    }

    void ignore(Snapshot snapshot, String reason) {
        ignored.increment();
        LOG.warn("ignoring {}: {}; rebuilding from the events and replacing it", snapshot, reason);
    }

    void used() {
        used.increment();
    }

    // ---- writing ----

    /**
     * After a rebuild: replace a rejected snapshot; after a load of the latest state, ask the
     * policy. The snapshot is captured now — version, recorded-until and state at one
     * moment, before the caller's command changes the aggregate — and only stored later.
     */
    void afterLoad(Rebuilt<A> rebuilt, boolean latest) {
        A aggregate = rebuilt.aggregate();
        StreamId stream = streamOf(aggregate);
        boolean asked = latest && aggregate.version() > 0
                && asks(new SnapshotTrigger.Loaded(stream, aggregate.version(), rebuilt.replayed()));
        if (rebuilt.rejected() != null || asked) {
            Optional<Snapshot> snapshot = captureQuietly(rebuilt);
            schedule(stream, () -> store(rebuilt.rejected(), stream, snapshot));
        }
    }

    /** After a committed save, ask the policy; the snapshot is of the state rebuilt at {@code version}. */
    void afterSave(StreamId stream, long previousVersion, long version, Supplier<Rebuilt<A>> rebuildAtVersion) {
        if (asks(new SnapshotTrigger.Saved(stream, previousVersion, version))) {
            // Rebuilt from the store, off the request path, rather than captured from the saved
            // aggregate: only the store knows when the new events were recorded.
            schedule(stream, () -> {
                Rebuilt<A> rebuilt = rebuildAtVersion.get();
                store(rebuilt.rejected(), stream, capture(rebuilt));
            });
        }
    }

    /** Writes a snapshot of {@code rebuilt} now, replacing a rejected one; failures go to the caller. */
    Optional<Snapshot> takeNow(Rebuilt<A> rebuilt) {
        Optional<Snapshot> snapshot = capture(rebuilt);
        store(rebuilt.rejected(), streamOf(rebuilt.aggregate()), snapshot);
        return snapshot;
    }

    private boolean asks(SnapshotTrigger trigger) {
        try {
            return options.policy().shouldSnapshot(trigger);
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("the snapshot policy failed for {}: {}", trigger, e.toString());
            return false;
        }
    }

    /** {@link #capture}, a failure logged and counted: the rejected snapshot is still deleted. */
    private Optional<Snapshot> captureQuietly(Rebuilt<A> rebuilt) {
        try {
            return capture(rebuilt);
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("capturing the snapshot state of aggregate '{}' failed: {}", rebuilt.aggregate().id(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * The snapshot of {@code rebuilt} as it is now, complete: its version, recorded-until and
     * serialized state are read together, so a snapshot can never carry one version's label and
     * another's state. Empty for an aggregate without events.
     */
    private Optional<Snapshot> capture(Rebuilt<A> rebuilt) {
        A aggregate = rebuilt.aggregate();
        long version = aggregate.version();
        if (version == 0) {
            return Optional.empty();
        }
        S state = type.capture().apply(aggregate);
        if (state == null) {
            throw new IllegalStateException("the capture function of snapshot type " + type + " returned null for "
                    + aggregate);
        }
        return Optional.of(new Snapshot(streamOf(aggregate), version, type.name(), type.revision(),
                options.mapper().writeValueAsBytes(state), rebuilt.recordedUntil(), Instant.now(options.clock())));
    }

    /** Deletes {@code rejected}, if any, then saves {@code snapshot}, if any. */
    private void store(Snapshot rejected, StreamId stream, Optional<Snapshot> snapshot) {
        if (rejected != null) {
            store.delete(stream, rejected.version());
        }
        if (snapshot.isPresent()) {
            store.save(snapshot.get());
            taken.increment();
        }
    }

    private void schedule(StreamId stream, Runnable write) {
        if (!pending.add(stream)) {
            return;
        }
        Runnable task = () -> {
            try {
                write.run();
            } catch (EventSourcingException e) {
                failed.increment();
                LOG.warn("writing a snapshot of stream '{}' failed: {}", stream, e.toString());
            } catch (RuntimeException e) {
                failed.increment();
                LOG.warn("writing a snapshot of stream '{}' failed", stream, e); // not the store: show where
            } finally {
                pending.remove(stream);
            }
        };
        try {
            options.executor().execute(task);
        } catch (RejectedExecutionException e) {
            pending.remove(stream);
            failed.increment();
            LOG.warn("no snapshot of stream '{}': the snapshot executor refused it ({})", stream, e.toString());
        }
    }

    private StreamId streamOf(A aggregate) {
        return aggregateType.streamId(aggregate.id());
    }
}

package org.eventsourcing4j.aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotStatistics;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.support.Checks;

/**
 * Loads aggregates of one type from their streams and saves their new events with
 * optimistic concurrency. Thread-safe; aggregates themselves are not, so load one per
 * command.
 *
 * <p>Event ids (random UUIDs) and metadata (from the {@link CommandContext}) are assigned
 * here and timestamps by the store's clock; domain code never sees them.
 *
 * <p>With {@link SnapshotOptions} a load starts from the latest readable snapshot in range
 * and reads only the events after it; the result is always what a full replay gives. New
 * snapshots are written after the load or save that triggered them returned, as the policy
 * says; a snapshot problem is logged and counted ({@link #snapshotStatistics()}) and never
 * fails a load or a command. See {@code docs/snapshots.md}.
 */
public final class AggregateRepository<A extends AggregateRoot<E>, E> {

    private final EventStore store;
    private final EventCodec codec;
    private final AggregateType<A, E> type;
    private final RetryPolicy retryPolicy;
    private final RepositorySnapshots<A, E, ?> snapshots; // null: no snapshots
    private final Rehydration<A, E> rehydration;

    public AggregateRepository(EventStore store, EventCodec codec, AggregateType<A, E> type) {
        this(store, codec, type, RetryPolicy.DEFAULT);
    }

    /** @param retryPolicy what {@link #update} does on a concurrency conflict */
    public AggregateRepository(EventStore store, EventCodec codec, AggregateType<A, E> type, RetryPolicy retryPolicy) {
        this(store, codec, type, retryPolicy, (RepositorySnapshots<A, E, ?>) null);
    }

    /**
     * A repository that loads from snapshots and takes them as {@code snapshots} says.
     *
     * @param retryPolicy what {@link #update} does on a concurrency conflict
     */
    public AggregateRepository(EventStore store, EventCodec codec, AggregateType<A, E> type, RetryPolicy retryPolicy,
                               SnapshotOptions<A> snapshots) {
        this(store, codec, type, retryPolicy,
                RepositorySnapshots.of(Checks.notNull(type, "aggregate type"), Checks.notNull(snapshots, "snapshot options")));
    }

    private AggregateRepository(EventStore store, EventCodec codec, AggregateType<A, E> type, RetryPolicy retryPolicy,
                                RepositorySnapshots<A, E, ?> snapshots) {
        this.store = Checks.notNull(store, "store");
        this.codec = Checks.notNull(codec, "codec");
        this.type = Checks.notNull(type, "aggregate type");
        this.retryPolicy = Checks.notNull(retryPolicy, "retry policy");
        this.snapshots = snapshots;
        this.rehydration = new Rehydration<>(store, codec, type, snapshots);
    }

    public AggregateType<A, E> type() {
        return type;
    }

    /**
     * The aggregate with every stored event applied.
     *
     * @throws AggregateNotFoundException when its stream has no events
     */
    public A load(String id) {
        return find(id).orElseThrow(() -> notFound(id, "has no events"));
    }

    /** The aggregate with every stored event applied, or empty when its stream has no events. */
    public Optional<A> find(String id) {
        return rehydrate(id, StreamQuery.all(), false, true);
    }

    /**
     * The aggregate as it was right after its event at {@code version} (time travel).
     * Saving it fails with a concurrency conflict unless that is still the latest version.
     *
     * @throws AggregateNotFoundException when the stream has no event at {@code version}
     */
    public A loadAt(String id, long version) {
        if (version < 1) {
            throw new InvalidArgumentException("version", "must be at least 1, got " + version);
        }
        A aggregate = rehydrate(id, StreamQuery.upTo(version), false, false)
                .orElseThrow(() -> notFound(id, "has no events"));
        if (aggregate.version() < version) {
            throw notFound(id, "has no version " + version + "; its latest is " + aggregate.version());
        }
        return aggregate;
    }

    /**
     * The aggregate as it was at {@code instant}: every event recorded at or before it. If
     * the store's clock ever went back, this stops before the first event recorded after
     * {@code instant}, so the state is always one the stream really had.
     *
     * @throws AggregateNotFoundException when no event was recorded by then
     */
    public A loadAsOf(String id, Instant instant) {
        return rehydrate(id, StreamQuery.asOf(instant), true, false)
                .orElseThrow(() -> notFound(id, "has no events recorded at or before " + instant));
    }

    /** {@link #save(AggregateRoot, CommandContext)} without correlation metadata. */
    public Optional<AppendResult> save(A aggregate) {
        return save(aggregate, CommandContext.NONE);
    }

    /**
     * Appends the aggregate's uncommitted events expecting the stream to be exactly at the
     * version the aggregate was loaded at (no stream for a new one), then marks them
     * committed. Nothing to save returns empty and touches nothing.
     *
     * @throws ConcurrencyConflictException when the stream moved on since; nothing was written
     *                                      and the aggregate is unchanged
     */
    public Optional<AppendResult> save(A aggregate, CommandContext context) {
        Checks.notNull(aggregate, "aggregate");
        Checks.notNull(context, "command context");
        List<E> events = aggregate.uncommittedEvents();
        if (events.isEmpty()) {
            return Optional.empty();
        }
        List<EventData> data = new ArrayList<>(events.size());
        for (E event : events) {
            data.add(codec.encode(event, UUID.randomUUID(), context.metadata()));
        }
        StreamId stream = type.streamId(aggregate.id());
        long previousVersion = aggregate.version();
        AppendResult result = store.append(stream, ExpectedVersion.exactly(previousVersion), data);
        aggregate.markCommitted();
        if (result.streamVersion() != aggregate.version()) {
            throw new IllegalStateException("stream '" + stream + "' is at version " + result.streamVersion()
                    + " after the save, but the aggregate counts " + aggregate.version());
        }
        if (snapshots != null) {
            String id = aggregate.id();
            long version = result.streamVersion();
            snapshots.afterSave(stream, previousVersion, version,
                    () -> rehydration.rebuild(id, StreamQuery.upTo(version), false));
        }
        return Optional.of(result);
    }

    /** {@link #update(String, CommandContext, Consumer)} without correlation metadata. */
    public A update(String id, Consumer<? super A> command) {
        return update(id, CommandContext.NONE, command);
    }

    /**
     * Runs {@code command} on the latest state and saves what it raised. On a concurrency
     * conflict it loads again and runs the command again, up to the retry policy's attempts,
     * so the command must only act on the aggregate. A domain error from the command is not
     * retried.
     *
     * @return the aggregate after the save
     * @throws AggregateNotFoundException   when the aggregate does not exist
     * @throws ConcurrencyConflictException the last conflict, when every attempt had one
     */
    public A update(String id, CommandContext context, Consumer<? super A> command) {
        Checks.notNull(command, "command");
        for (int attempt = 1; ; attempt++) {
            A aggregate = load(id);
            command.accept(aggregate);
            try {
                save(aggregate, context);
                return aggregate;
            } catch (ConcurrencyConflictException conflict) {
                if (attempt >= retryPolicy.maxAttempts()) {
                    throw conflict;
                }
                pause(retryPolicy.backoffBefore(attempt + 1), conflict);
            }
        }
    }

    /**
     * Writes a snapshot of the aggregate's latest state now, on the caller's thread, whatever
     * the policy (for tooling, and to prepare a long stream).
     *
     * @return the snapshot written
     * @throws IllegalStateException       when this repository has no snapshot options
     * @throws AggregateNotFoundException  when the aggregate has no events
     */
    public Snapshot takeSnapshot(String id) {
        RepositorySnapshots<A, E, ?> on = requireSnapshots();
        Rebuilt<A> rebuilt = rehydration.rebuild(id, StreamQuery.all(), false);
        return on.takeNow(rebuilt).orElseThrow(() -> notFound(id, "has no events"));
    }

    /**
     * Deletes every snapshot of this repository's snapshot type, in all streams, in one call
     * ({@code SnapshotStore.deleteAllOfType}). Loads then read every event until the policy
     * has written new snapshots.
     *
     * @return how many were deleted
     * @throws IllegalStateException when this repository has no snapshot options
     */
    public long deleteSnapshots() {
        RepositorySnapshots<A, E, ?> on = requireSnapshots();
        return on.options().store().deleteAllOfType(on.options().type().name());
    }

    /** What the snapshots did so far; all zero without snapshot options. */
    public SnapshotStatistics snapshotStatistics() {
        return snapshots == null ? SnapshotStatistics.NONE : snapshots.statistics();
    }

    /** Rebuilds the state in range and lets the snapshots react (policy, replacement of unreadable ones). */
    private Optional<A> rehydrate(String id, StreamQuery query, boolean stopAtGap, boolean latest) {
        Rebuilt<A> rebuilt = rehydration.rebuild(id, query, stopAtGap);
        if (snapshots != null) {
            snapshots.afterLoad(rebuilt, latest);
        }
        return rebuilt.found();
    }

    private RepositorySnapshots<A, E, ?> requireSnapshots() {
        if (snapshots == null) {
            throw new IllegalStateException("the repository of '" + type.category() + "' has no snapshot options");
        }
        return snapshots;
    }

    private AggregateNotFoundException notFound(String id, String detail) {
        return new AggregateNotFoundException(id, type.streamId(id), detail);
    }

    private static void pause(Duration backoff, ConcurrencyConflictException conflict) {
        if (backoff.isZero()) {
            return;
        }
        try {
            Thread.sleep(backoff.toMillis(), (int) (backoff.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            conflict.addSuppressed(e);
            throw conflict;
        }
    }
}

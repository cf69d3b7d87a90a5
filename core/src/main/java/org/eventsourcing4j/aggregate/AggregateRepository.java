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
import org.eventsourcing4j.snapshot.SnapshotStatistics;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.DuplicateEventIdException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventIds;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.StreamReader;
import org.eventsourcing4j.support.Checks;

/**
 * Loads aggregates of one type from their streams and saves their new events with
 * optimistic concurrency. Thread-safe; aggregates themselves are not, so load one per
 * command.
 *
 * <p>A command handler calls {@link #execute}: it loads the aggregate, checks the caller's
 * precondition (the version it expects), runs the command, saves what it raised, and on a
 * concurrency conflict with another writer loads again and runs the command again, as the
 * {@link org.eventsourcing4j.store.RetryPolicy} allows. With an idempotency key, a command already carried out (its
 * sender retried after a lost response) is not carried out again: its original result is
 * returned.
 *
 * <p>Event ids (random, or derived from the idempotency key) and metadata (from the
 * {@link CommandContext}) are assigned here and timestamps by the store's clock; domain code
 * never sees them.
 *
 * <p>With snapshot options a load starts from the latest readable snapshot in range and reads
 * only the events after it; the result is always what a full replay gives. New snapshots are
 * written after the load or save that triggered them returned, as the policy says; a
 * snapshot problem is logged and counted ({@link #snapshotStatistics()}) and never fails a
 * load or a command. See {@code docs/snapshots.md}.
 *
 * <p>On a store that reads from a replica ({@link StreamReader#awaitReplication}) a load may
 * show an earlier state than the primary has. Commands stay correct — an append from a stale
 * state is refused as a conflict — and when a command's load may have been stale (the
 * aggregate was not found, was behind the version a conflicting writer left, or was not at the
 * version the caller named) it waits for the replica, as long as
 * {@link RepositoryOptions#replicationWait()} allows, and loads again. A command with an
 * idempotency key waits for the replica before it looks for its earlier run. A reader that must
 * see its own command uses {@link #loadAtLeast}.
 *
 * <p>With {@link CacheOptions} a command starts from the aggregate's cached latest state, when
 * there is one, and reads no events; a stale state costs one more attempt, never a wrong
 * decision (see there).
 */
public final class AggregateRepository<A extends AggregateRoot<E>, E> {

    /** The metadata header in which a command's events keep its idempotency fingerprint. */
    public static final String FINGERPRINT_HEADER = "es4j-command-fingerprint";

    private final EventStore store;
    private final EventCodec codec;
    private final AggregateType<A, E> type;
    private final RepositoryOptions<A> options;
    private final RepositorySnapshots<A, E, ?> snapshots; // null: no snapshots
    private final Rehydration<A, E> rehydration;
    private final CarriedOutCommands carriedOut;
    private final StateCache<A, ?> cache; // null: no cache

    /** A repository with {@link RepositoryOptions#defaults()}. */
    public AggregateRepository(EventStore store, EventCodec codec, AggregateType<A, E> type) {
        this(store, codec, type, RepositoryOptions.defaults());
    }

    public AggregateRepository(EventStore store, EventCodec codec, AggregateType<A, E> type,
                               RepositoryOptions<A> options) {
        this.store = Checks.notNull(store, "store");
        this.codec = Checks.notNull(codec, "codec");
        this.type = Checks.notNull(type, "aggregate type");
        this.options = Checks.notNull(options, "repository options");
        this.snapshots = options.snapshots().map(s -> RepositorySnapshots.of(type, s)).orElse(null);
        this.rehydration = new Rehydration<>(store, codec, type, snapshots);
        this.carriedOut = new CarriedOutCommands(store);
        this.cache = options.cache().map(StateCache::of).orElse(null);
    }

    public AggregateType<A, E> type() {
        return type;
    }

    public RepositoryOptions<A> options() {
        return options;
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
     * The aggregate with every stored event applied, at least up to {@code version}: read your
     * writes, with the version a command left it at ({@link AppendResult#streamVersion()}).
     * When the store reads from a replica that does not show that version yet, waits for the
     * replica to catch up, at most {@code timeout}, and loads again; a store that reads where it
     * writes never waits.
     *
     * @throws AggregateNotFoundException when the aggregate has no version {@code version}
     * @throws org.eventsourcing4j.store.ReplicaLagException when the replica did not catch up in time; retryable
     */
    public A loadAtLeast(String id, long version, Duration timeout) {
        if (version < 1) {
            throw new InvalidArgumentException("version", "must be at least 1, got " + version);
        }
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidArgumentException("timeout", "must be zero or positive, got " + timeout);
        }
        Optional<A> found = find(id);
        if (found.map(aggregate -> aggregate.version() < version).orElse(true) && store.awaitReplication(timeout)) {
            found = find(id);
        }
        A aggregate = found.orElseThrow(() -> notFound(id, "has no events"));
        if (aggregate.version() < version) {
            throw notFound(id, "has no version " + version + "; its latest is " + aggregate.version());
        }
        return aggregate;
    }

    /**
     * The aggregate as it was right after its event at {@code version} (time travel).
     * Saving it fails with a concurrency conflict unless that is still the latest version.
     * A replica that does not show the version yet is waited for as in {@link #loadAtLeast}, for
     * {@link RepositoryOptions#replicationWait()}.
     *
     * @throws AggregateNotFoundException when the stream has no event at {@code version}
     */
    public A loadAt(String id, long version) {
        if (version < 1) {
            throw new InvalidArgumentException("version", "must be at least 1, got " + version);
        }
        Optional<A> found = rehydrate(id, StreamQuery.upTo(version), false, false);
        if (found.map(aggregate -> aggregate.version() < version).orElse(true)
                && store.awaitReplication(options.replicationWait())) {
            found = rehydrate(id, StreamQuery.upTo(version), false, false);
        }
        A aggregate = found.orElseThrow(() -> notFound(id, "has no events"));
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
        Checks.notNull(context, "command context");
        return save(aggregate, CommandOptions.DEFAULTS.withContext(context));
    }

    /**
     * Runs {@code command} on the latest state of aggregate {@code id} and saves what it
     * raised, as {@code options} say (see the class comment). The command must only act on
     * the aggregate: it may run more than once. A domain error it throws is not retried.
     *
     * @throws AggregateNotFoundException   when the aggregate does not exist
     * @throws PreconditionFailedException  when it is not at the version the options name
     * @throws IdempotencyConflictException when the options' idempotency key was used for another command
     * @throws ConcurrencyConflictException the last conflict, when every attempt had one
     */
    public CommandResult<A> execute(String id, CommandOptions options, Consumer<? super A> command) {
        Checks.notNull(options, "command options");
        Checks.notNull(command, "command");
        StreamId stream = type.streamId(id);
        long atLeast = 0; // after a conflict: the version the other writer left
        boolean cached = cache != null; // whether this attempt may start from the cache
        for (int attempt = 1; ; attempt++) {
            Optional<CommandResult<A>> earlier = carriedOut(id, stream, options);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            A aggregate = cached ? fromCache(id, options.precondition()) : null;
            cached = aggregate != null;
            if (aggregate == null) {
                aggregate = loadForCommand(id, options.precondition(), atLeast);
            }
            long loaded = aggregate.version();
            try {
                command.accept(aggregate);
            } catch (RuntimeException domainError) {
                if (cached && behind(stream, loaded)) {
                    cached = false; // decided on a stale state: decide again on the stored one
                    continue;
                }
                throw domainError;
            }
            try {
                Optional<AppendResult> saved = save(aggregate, options);
                if (saved.isEmpty() && cached && behind(stream, loaded)) {
                    cached = false;
                    continue;
                }
                remember(aggregate);
                return new CommandResult<>(aggregate, saved, false);
            } catch (ConcurrencyConflictException conflict) {
                if (cached) {
                    cache.stale();
                    cached = false;
                    if (options.precondition().accepts(conflict.actualVersion())) {
                        atLeast = conflict.actualVersion();
                        continue; // the cache was behind: the stored state may still suit the caller's precondition
                    }
                }
                if (!options.precondition().isAny()) {
                    // Another writer was first; the version it left is not the one the caller named.
                    throw new PreconditionFailedException(id, options.precondition(), conflict.actualVersion());
                }
                atLeast = conflict.actualVersion();
                retryAfter(conflict, attempt);
            } catch (DuplicateEventIdException duplicate) {
                cached = false;
                // The same command (same key) was saved concurrently: the next round finds it.
                retryAfter(duplicate, options.idempotencyKey().isPresent() ? attempt : Integer.MAX_VALUE);
            } catch (RuntimeException failure) {
                if (!cached) {
                    throw failure;
                }
                // A cached state of a stream deleted or changed behind the cache's back: the store decides.
                cache.stale();
                cached = false;
            }
        }
    }

    /** A fresh aggregate from the cached state of {@code id} when there is one the precondition accepts; else null. */
    private A fromCache(String id, VersionPrecondition precondition) {
        A aggregate = cache.take(id);
        // A cached version the caller does not expect may only be behind: the stored state decides.
        return aggregate != null && precondition.accepts(aggregate.version()) ? aggregate : null;
    }

    /** Whether the stream moved on from the version a cached state had: then the command runs again. */
    private boolean behind(StreamId stream, long version) {
        if (store.currentVersion(stream) == version) {
            return false;
        }
        cache.stale();
        return true;
    }

    /** Keeps the state of an aggregate with nothing uncommitted, when there is a cache. */
    private void remember(A aggregate) {
        if (cache != null && aggregate.version() > 0) {
            cache.put(aggregate);
        }
    }

    /**
     * Drops the cached state of aggregate {@code id}, if any ({@link CacheOptions}): after its
     * personal data was erased, or its stream deleted, truncated or restored from an archive
     * behind this repository's back. Without a cache, does nothing.
     */
    public void evict(String id) {
        Checks.notNull(id, "aggregate id");
        if (cache != null) {
            cache.evict(id);
        }
    }

    /** Drops every cached state ({@link #evict}); without a cache, does nothing. */
    public void evictAll() {
        if (cache != null) {
            cache.evictAll();
        }
    }

    /** What the cache did so far; all zero without a cache. */
    public CacheStatistics cacheStatistics() {
        return cache == null ? CacheStatistics.NONE : cache.statistics();
    }

    /**
     * The aggregate's latest state for a command, at least at version {@code atLeast} and at a
     * version the precondition accepts. A load that misses either may only have come from a
     * replica that lags: then, and only on such a store, wait for it and load once more.
     */
    private A loadForCommand(String id, VersionPrecondition precondition, long atLeast) {
        Optional<A> found = find(id);
        boolean fits = found.map(a -> a.version() >= atLeast && precondition.accepts(a.version())).orElse(false);
        if (!fits && store.awaitReplication(options.replicationWait())) {
            found = find(id);
        }
        A aggregate = found.orElseThrow(() -> notFound(id, "has no events"));
        if (!precondition.accepts(aggregate.version())) {
            throw new PreconditionFailedException(id, precondition, aggregate.version());
        }
        return aggregate;
    }

    /**
     * Saves a new aggregate — created by a factory method that raised its first events — as
     * {@code options} say: with an idempotency key, a creation already carried out returns its
     * original result.
     *
     * @throws ConcurrencyConflictException when its stream exists already
     * @throws IdempotencyConflictException when the options' idempotency key was used for another command
     */
    public CommandResult<A> create(A aggregate, CommandOptions options) {
        Checks.notNull(aggregate, "aggregate");
        Checks.notNull(options, "command options");
        if (aggregate.version() != 0) {
            throw new InvalidArgumentException("aggregate", "'" + aggregate.id() + "' is at version "
                    + aggregate.version() + ", not new; use execute for commands on stored aggregates");
        }
        StreamId stream = type.streamId(aggregate.id());
        Optional<CommandResult<A>> earlier = carriedOut(aggregate.id(), stream, options);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            CommandResult<A> created = new CommandResult<>(aggregate, save(aggregate, options), false);
            remember(aggregate);
            return created;
        } catch (ConcurrencyConflictException | DuplicateEventIdException e) {
            // A concurrent run of the same creation may have won: then answer as it did.
            return carriedOut(aggregate.id(), stream, options).orElseThrow(() -> e);
        }
    }

    /** {@link #update(String, CommandContext, Consumer)} without correlation metadata. */
    public A update(String id, Consumer<? super A> command) {
        return update(id, CommandContext.NONE, command);
    }

    /**
     * {@link #execute} without precondition or idempotency key.
     *
     * @return the aggregate after the save
     */
    public A update(String id, CommandContext context, Consumer<? super A> command) {
        Checks.notNull(context, "command context");
        return execute(id, CommandOptions.DEFAULTS.withContext(context), command).aggregate();
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

    /**
     * Appends the uncommitted events, with ids derived from the idempotency key if there is
     * one, else time-ordered ones (see {@link EventIds}: they keep the store's event-id index
     * cheap to add to).
     */
    private Optional<AppendResult> save(A aggregate, CommandOptions options) {
        Checks.notNull(aggregate, "aggregate");
        List<E> events = aggregate.uncommittedEvents();
        if (events.isEmpty()) {
            return Optional.empty();
        }
        StreamId stream = type.streamId(aggregate.id());
        Metadata metadata = options.context().metadata();
        if (options.fingerprint().isPresent()) {
            metadata = metadata.withHeader(FINGERPRINT_HEADER, options.fingerprint().get());
        }
        List<EventData> data = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            UUID eventId = options.idempotencyKey().isPresent()
                    ? CommandEventIds.of(stream, options.idempotencyKey().get(), i) : EventIds.timeOrdered();
            data.add(codec.encode(events.get(i), eventId, metadata, stream));
        }
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

    /**
     * The original result of the command, when its idempotency key shows it was carried out
     * already. A lagging replica is waited for first: the command may have been carried out a
     * moment ago, here or on another instance, and running it again on a state that does not
     * show it would answer wrongly.
     */
    private Optional<CommandResult<A>> carriedOut(String id, StreamId stream, CommandOptions options) {
        if (options.idempotencyKey().isEmpty()) {
            return Optional.empty();
        }
        store.awaitReplication(this.options.replicationWait());
        return carriedOut.find(stream, options).map(appended ->
                new CommandResult<>(loadAt(id, appended.streamVersion()), Optional.of(appended), true));
    }

    private void retryAfter(RuntimeException failure, int attempt) {
        if (!options.retry().allowsAnotherAfter(attempt)) {
            throw failure;
        }
        try {
            options.retry().pauseBefore(attempt + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
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
}

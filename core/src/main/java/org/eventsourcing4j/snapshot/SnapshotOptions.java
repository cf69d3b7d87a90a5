package org.eventsourcing4j.snapshot;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.snapshot.internal.SnapshotExecutors;
import org.eventsourcing4j.store.InvalidArgumentException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snapshots for one aggregate type, handed to its repository. Immutable; start from
 * {@link #of(SnapshotStore, SnapshotType)} and change what you need with the withers.
 *
 * <pre>{@code
 * SnapshotOptions<Account> snapshots = SnapshotOptions.of(snapshotStore, Account.SNAPSHOT)
 *         .withPolicy(SnapshotPolicy.everyEvents(50));
 * new AggregateRepository<>(store, codec, Account.TYPE, RepositoryOptions.<Account>defaults().withSnapshots(snapshots));
 * }</pre>
 *
 * @param policy   when to take one; {@link SnapshotPolicy#DEFAULT} unless changed
 * @param executor where snapshots are written, after the load or save that triggered them
 *                 returned: by default one background thread of its own (a daemon that
 *                 stops when idle; at most 1,000 waiting snapshots, more are dropped and
 *                 counted as failed). {@code Runnable::run} writes them on the caller's
 *                 thread before it returns, for tests.
 * @param clock    stamps {@link Snapshot#takenAt()}
 * @param mapper   writes and reads the state records; the default is
 *                 {@link JacksonEventCodec#defaultMapperBuilder()}'s, strict on read
 */
public record SnapshotOptions<A>(SnapshotStore store, SnapshotType<A, ?> type, SnapshotPolicy policy,
        Executor executor, Clock clock, JsonMapper mapper) {

    /** Thread-safe and immutable, so shared: each mapper caches what it learned about the record classes. */
    private static final JsonMapper DEFAULT_MAPPER = JacksonEventCodec.defaultMapperBuilder().build();

    public SnapshotOptions {
        requireNonNull(store, "snapshot store");
        requireNonNull(type, "snapshot type");
        requireNonNull(policy, "snapshot policy");
        requireNonNull(executor, "snapshot executor");
        requireNonNull(clock, "clock");
        requireNonNull(mapper, "mapper");
    }

    /** The default policy, a background thread, the system clock and the default mapper. */
    public static <A> SnapshotOptions<A> of(SnapshotStore store, SnapshotType<A, ?> type) {
        return new SnapshotOptions<>(store, type, SnapshotPolicy.DEFAULT, SnapshotExecutors.background(),
                Clock.systemUTC(), DEFAULT_MAPPER);
    }

    public SnapshotOptions<A> withType(SnapshotType<A, ?> newType) {
        return new SnapshotOptions<>(store, newType, policy, executor, clock, mapper);
    }

    public SnapshotOptions<A> withStore(SnapshotStore newStore) {
        return new SnapshotOptions<>(newStore, type, policy, executor, clock, mapper);
    }

    public SnapshotOptions<A> withPolicy(SnapshotPolicy newPolicy) {
        return new SnapshotOptions<>(store, type, newPolicy, executor, clock, mapper);
    }

    public SnapshotOptions<A> withExecutor(Executor newExecutor) {
        return new SnapshotOptions<>(store, type, policy, newExecutor, clock, mapper);
    }

    public SnapshotOptions<A> withClock(Clock newClock) {
        return new SnapshotOptions<>(store, type, policy, executor, newClock, mapper);
    }

    public SnapshotOptions<A> withMapper(JsonMapper newMapper) {
        return new SnapshotOptions<>(store, type, policy, executor, clock, newMapper);
    }

    private static void requireNonNull(Object value, String argument) {
        if (value == null) {
            throw new InvalidArgumentException(argument, "must not be null");
        }
    }
}

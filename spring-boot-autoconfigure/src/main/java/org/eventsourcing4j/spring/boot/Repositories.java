package org.eventsourcing4j.spring.boot;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.AggregateType;
import org.eventsourcing4j.aggregate.CacheOptions;
import org.eventsourcing4j.aggregate.RepositoryOptions;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotType;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes aggregate repositories on the application's store and codec, with the retries and
 * snapshot policy of {@code eventsourcing4j.repository.*}. Declare each repository as a
 * plain bean:
 *
 * <pre>{@code
 * @Bean
 * AggregateRepository<Order, OrderEvent> orders(Repositories repositories) {
 *     return repositories.create(Order.TYPE, Order.SNAPSHOT);
 * }
 * }</pre>
 *
 * Snapshots go to the store's own snapshot table (in memory for the in-memory store) and
 * are written by one background thread after the command that triggered them answered; at
 * most 1,000 wait, more are dropped (a snapshot is a cache: a later load takes one again).
 * Closing this bean lets the waiting ones finish, for at most 5 seconds.
 */
public final class Repositories implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Repositories.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final EventStore store;
    private final EventCodec codec;
    private final SnapshotStore snapshots;
    private final RepositoryProperties properties;
    private final Clock clock;
    private final ThreadPoolExecutor snapshotWriter;

    public Repositories(EventStore store, EventCodec codec, SnapshotStore snapshots, RepositoryProperties properties,
                        Clock clock) {
        this.store = store;
        this.codec = codec;
        this.snapshots = snapshots;
        this.properties = properties;
        this.clock = clock;
        this.snapshotWriter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000),
                runnable -> {
                    Thread thread = new Thread(runnable, "eventsourcing4j-snapshots");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** A repository of {@code type} without snapshots: every load replays the aggregate's events. */
    public <A extends AggregateRoot<E>, E> AggregateRepository<A, E> create(AggregateType<A, E> type) {
        return new AggregateRepository<>(store, codec, type, RepositoryOptions.<A>defaults().withRetry(retry()));
    }

    /** A repository of {@code type} that loads from and takes snapshots of {@code snapshotType}. */
    public <A extends AggregateRoot<E>, E> AggregateRepository<A, E> create(AggregateType<A, E> type,
                                                                          SnapshotType<A, ?> snapshotType) {
        RepositoryOptions<A> options = RepositoryOptions.<A>defaults().withRetry(retry());
        SnapshotPolicy policy = policy();
        if (policy != null) {
            options = options.withSnapshots(SnapshotOptions.of(snapshots, snapshotType).withPolicy(policy)
                    .withExecutor(snapshotWriter).withClock(clock));
        }
        if (properties.cacheSize() > 0) {
            options = options.withCache(CacheOptions.of(snapshotType, properties.cacheSize()));
        }
        return new AggregateRepository<>(store, codec, type, options);
    }

    /** The retries of {@code eventsourcing4j.repository.*}. */
    public RetryPolicy retry() {
        return new RetryPolicy(properties.maxAttempts(), properties.initialBackoff(), properties.maxBackoff());
    }

    /** The snapshot policy of {@code eventsourcing4j.repository.*}, or null when it takes none. */
    private SnapshotPolicy policy() {
        SnapshotPolicy policy = null;
        if (properties.snapshotAfterReplaying() > 0) {
            policy = SnapshotPolicy.afterReplayingMoreThan(properties.snapshotAfterReplaying());
        }
        if (properties.snapshotEvery() > 0) {
            SnapshotPolicy every = SnapshotPolicy.everyEvents(properties.snapshotEvery());
            policy = policy == null ? every : policy.or(every);
        }
        return policy;
    }

    @Override
    public void close() {
        snapshotWriter.shutdown();
        try {
            if (!snapshotWriter.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("snapshots still being written after {}; they are dropped", CLOSE_WAIT);
                snapshotWriter.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            snapshotWriter.shutdownNow();
        }
    }
}

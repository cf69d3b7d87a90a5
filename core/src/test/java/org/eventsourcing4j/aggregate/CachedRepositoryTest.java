package org.eventsourcing4j.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.aggregate.SnapshotTestbed.ID;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.RetryPolicy;
import org.junit.jupiter.api.Test;

/**
 * The repository's cache of latest states: a command on a cached aggregate reads no events,
 * and a stale cached state (another writer appended) never decides: the command runs again on
 * the stored state.
 */
class CachedRepositoryTest {

    private final SnapshotTestbed bed = new SnapshotTestbed();
    private final AggregateRepository<Tally, Tally.Event> cached = new AggregateRepository<>(bed.store, bed.codec,
            Tally.TYPE, RepositoryOptions.<Tally>defaults().withRetry(RetryPolicy.noRetry())
            .withCache(CacheOptions.of(Tally.SNAPSHOT, 100)));

    @Test
    void a_command_on_a_cached_aggregate_reads_no_events_and_leaves_what_a_full_replay_gives() {
        bed.history(10);
        cached.update(ID, t -> t.count(1));
        assertThat(bed.store.takeEventsRead()).as("the first command reads the stream").isEqualTo(11);

        Tally after = cached.update(ID, t -> t.count(2));
        cached.update(ID, t -> t.count(3));

        assertThat(bed.store.takeEventsRead()).as("the next ones start from the cache").isZero();
        assertThat(after.total()).isEqualTo(55 + 1 + 2);
        bed.assertSameAsFullReplay(cached.load(ID));
        assertThat(cached.load(ID).total()).isEqualTo(55 + 6);
        assertThat(cached.cacheStatistics()).isEqualTo(new CacheStatistics(2, 1, 0, 1));
    }

    @Test
    void a_cached_state_behind_another_writer_conflicts_and_the_command_runs_again_on_the_stored_state() {
        bed.history(3);
        cached.update(ID, t -> t.count(1));
        bed.count(2);                                   // another writer: two counts of 5, behind the cache's back

        Tally after = cached.update(ID, t -> t.count(100));

        assertThat(after.total()).as("1+2+3, 1, 5, 5 and 100: nothing lost").isEqualTo(6 + 1 + 10 + 100);
        assertThat(after.version()).isEqualTo(4 + 1 + 2 + 1);
        bed.assertSameAsFullReplay(cached.load(ID));
        assertThat(cached.cacheStatistics().stale()).isEqualTo(1);
    }

    /** A command whose rule depends on the state: it needs a total of at least 10. */
    private static java.util.function.Consumer<Tally> countingFromTen(List<Integer> seen) {
        return t -> {
            seen.add(t.total());
            if (t.total() < 10) {
                throw new IllegalStateException("total below 10");
            }
            t.count(1);
        };
    }

    @Test
    void a_domain_error_on_a_stale_state_is_decided_again_on_the_stored_state() {
        bed.history(3);                                   // total 6
        cached.update(ID, t -> t.count(1));               // cached: total 7
        bed.count(1);                                     // stored: total 12, behind the cache's back
        List<Integer> seen = new java.util.ArrayList<>();

        Tally after = cached.update(ID, countingFromTen(seen));

        assertThat(seen).as("refused on the cached state, then carried out on the stored one").containsExactly(7, 12);
        assertThat(after.total()).isEqualTo(13);
        assertThat(cached.cacheStatistics().stale()).isEqualTo(1);
        bed.assertSameAsFullReplay(cached.load(ID));
    }

    @Test
    void a_domain_error_on_a_current_cached_state_is_the_answer_without_a_second_run() {
        bed.history(3);
        cached.update(ID, t -> t.count(1));               // cached and stored: total 7
        List<Integer> seen = new java.util.ArrayList<>();

        assertThatThrownBy(() -> cached.update(ID, countingFromTen(seen))).hasMessage("total below 10");

        assertThat(seen).containsExactly(7);
        assertThat(cached.cacheStatistics().stale()).isZero();
        assertThat(bed.store.currentVersion(SnapshotTestbed.STREAM)).isEqualTo(5);
    }

    @Test
    void a_command_that_raises_nothing_on_a_stale_state_is_checked_and_runs_again() {
        bed.history(2);
        cached.update(ID, t -> t.count(1));
        bed.count(1);
        List<Integer> seen = new java.util.ArrayList<>();

        cached.update(ID, t -> seen.add(t.total()));

        assertThat(seen).as("first on the cached state, then on the stored one").containsExactly(4, 9);
        assertThat(cached.cacheStatistics().stale()).isEqualTo(1);
    }

    @Test
    void a_precondition_on_a_stale_cached_version_fails_with_the_stored_version() {
        bed.history(2);
        cached.update(ID, t -> t.count(1));            // cached at 4
        bed.count(1);                                   // stored at 5

        assertThatThrownBy(() -> cached.execute(ID, CommandOptions.DEFAULTS.withPrecondition(VersionPrecondition.exactly(4)),
                t -> t.count(1)))
                .isInstanceOfSatisfying(PreconditionFailedException.class,
                        e -> assertThat(e.actualVersion()).isEqualTo(5));
        Tally ok = cached.execute(ID, CommandOptions.DEFAULTS.withPrecondition(VersionPrecondition.exactly(5)),
                t -> t.count(1)).aggregate();
        assertThat(ok.version()).isEqualTo(6);
        bed.assertSameAsFullReplay(cached.load(ID));
    }

    @Test
    void evict_drops_the_state_and_the_next_command_reads_the_stream() {
        bed.history(2);
        cached.update(ID, t -> t.count(1));
        bed.store.takeEventsRead();

        cached.evict(ID);
        cached.update(ID, t -> t.count(1));

        assertThat(bed.store.takeEventsRead()).isEqualTo(4);
        assertThat(cached.cacheStatistics().size()).isEqualTo(1);
    }

    @Test
    void the_least_recently_used_state_is_dropped_first() {
        AggregateRepository<Tally, Tally.Event> small = new AggregateRepository<>(bed.store, bed.codec, Tally.TYPE,
                RepositoryOptions.<Tally>defaults().withCache(CacheOptions.of(Tally.SNAPSHOT, 2)));
        for (String id : List.of("a", "b", "c")) {
            Tally tally = new Tally(id);
            tally.start(id);
            small.create(tally, CommandOptions.DEFAULTS);
        }
        bed.store.takeEventsRead();
        small.update("c", t -> t.count(1));
        small.update("b", t -> t.count(1));
        assertThat(bed.store.takeEventsRead()).isZero();
        small.update("a", t -> t.count(1));
        assertThat(bed.store.takeEventsRead()).as("a was dropped when c came in").isEqualTo(1);
        assertThat(small.cacheStatistics().size()).isEqualTo(2);
    }

    @Test
    void racing_commands_on_one_cached_aggregate_lose_no_count() throws Exception {
        AggregateRepository<Tally, Tally.Event> retrying = new AggregateRepository<>(bed.store, bed.codec, Tally.TYPE,
                RepositoryOptions.<Tally>defaults().withRetry(new RetryPolicy(100, java.time.Duration.ZERO,
                        java.time.Duration.ZERO)).withCache(CacheOptions.of(Tally.SNAPSHOT, 10)));
        bed.history(0);
        int threads = 6;
        int rounds = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try {
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<?>> futures = new java.util.ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    // Half through the cache, half through a repository without one: each sees the other's writes late.
                    AggregateRepository<Tally, Tally.Event> repository = i % 2 == 0 ? retrying : bed.fullReplay;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int attempt = 0; ; attempt++) {
                            try {
                                repository.update(ID, t -> t.count(1));
                                return null;
                            } catch (org.eventsourcing4j.store.ConcurrencyConflictException conflict) {
                                if (attempt > 1000) {
                                    throw conflict;
                                }
                            }
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    try {
                        future.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        Tally stored = bed.fullReplay.load(ID);
        assertThat(stored.total()).isEqualTo(threads * rounds);
        assertThat(stored.version()).isEqualTo(1 + threads * rounds);
        assertThat(retrying.cacheStatistics().hits()).isPositive();
    }

    @Test
    void bad_cache_options_are_refused_by_name() {
        assertThatThrownBy(() -> CacheOptions.of(Tally.SNAPSHOT, 0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("cache size");
        assertThatThrownBy(() -> CacheOptions.of(null, 10)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("cache state");
    }
}

package org.eventsourcing4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    private static final Instant T0 = Instant.parse("2026-12-04T01:02:03.456789Z");

    /** The clock the test moves by hand: milliseconds since 1970. */
    private final AtomicLong clock = new AtomicLong(T0.toEpochMilli());
    private final EventIds ids = EventIds.withMillis(clock::get);

    @Test
    void ids_are_version_7_of_the_rfc_variant_bit_by_bit() {
        for (int i = 0; i < 10_000; i++) {
            UUID id = i % 2 == 0 ? EventIds.timeOrdered() : ids.next();
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat((id.getMostSignificantBits() >>> 12) & 0xF).as("ver, bits 48-51").isEqualTo(7L);
            assertThat(id.getLeastSignificantBits() >>> 62).as("var, bits 64-65").isEqualTo(0b10L);
            assertThat(id.toString().charAt(14)).isEqualTo('7');
        }
    }

    @Test
    void the_timestamp_is_the_clocks_millisecond() {
        for (long step : new long[] {0, 1, 999, 86_400_000L, 31_536_000_000L}) {
            clock.addAndGet(step);
            UUID id = ids.next();
            assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(clock.get());
            assertThat(EventIds.timestampOf(id)).isEqualTo(Instant.ofEpochMilli(clock.get()));
        }
        assertThat(EventIds.timestampOf(ids.next())).isEqualTo(Instant.parse("2027-12-05T01:02:04.456Z"));
    }

    @Test
    void the_default_generator_reads_the_system_clock() {
        long before = System.currentTimeMillis();
        UUID id = EventIds.timeOrdered();
        long after = System.currentTimeMillis();

        assertThat(EventIds.timestampOf(id).toEpochMilli()).isBetween(before, after);
    }

    @Test
    void ids_in_one_millisecond_count_up_from_a_random_start_below_2048() {
        Set<Long> firstCounters = new HashSet<>();
        for (int millisecond = 0; millisecond < 200; millisecond++) {
            clock.addAndGet(1);
            UUID first = ids.next();
            long counter = first.getMostSignificantBits() & 0xFFF;
            assertThat(counter).isLessThan(2048);
            firstCounters.add(counter);
            UUID previous = first;
            for (int i = 1; i < 5; i++) {
                UUID next = ids.next();
                assertThat(next.getMostSignificantBits()).isEqualTo(previous.getMostSignificantBits() + 1);
                assertThat(next.getLeastSignificantBits()).isNotEqualTo(previous.getLeastSignificantBits());
                previous = next;
            }
        }
        assertThat(firstCounters).as("random first counters of 200 milliseconds").hasSizeGreaterThan(150);
    }

    @Test
    void ids_of_one_thread_increase_across_milliseconds() {
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            if (i % 7 == 0) {
                clock.addAndGet(1 + i % 3);
            }
            made.add(ids.next());
        }

        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(EventIds.timestampOf(made.get(made.size() - 1))).isEqualTo(Instant.ofEpochMilli(clock.get()));
    }

    @Test
    void a_clock_that_goes_back_gives_unique_increasing_ids_until_it_has_caught_up() {
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            made.add(ids.next());
        }
        long latest = clock.get();
        clock.set(latest - 3_600_000);
        for (int i = 0; i < 3_000; i++) {
            made.add(ids.next());
            if (i % 100 == 0) {
                clock.addAndGet(1);
            }
        }
        UUID whileBehind = made.get(made.size() - 1);
        clock.set(latest + 5);
        UUID caughtUp = ids.next();
        made.add(caughtUp);

        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(EventIds.timestampOf(whileBehind).toEpochMilli()).isBetween(latest, latest + 2);
        assertThat(EventIds.timestampOf(caughtUp)).isEqualTo(Instant.ofEpochMilli(latest + 5));
    }

    @Test
    void a_stopped_clock_still_gives_unique_ids_whose_timestamp_runs_ahead_by_one_ms_per_overflow() {
        int count = 100_000;
        UUID[] made = new UUID[count];
        for (int i = 0; i < count; i++) {
            made[i] = ids.next();
        }

        assertThat(Arrays.asList(made)).isSorted().doesNotHaveDuplicates();
        long ahead = EventIds.timestampOf(made[count - 1]).toEpochMilli() - clock.get();
        assertThat(ahead).isBetween((long) count / 4096, (long) count / 2048 + 1);
    }

    @Test
    void one_million_ids_of_four_threads_started_together_are_unique_and_increase_within_each_thread()
            throws Exception {
        int threads = 4;
        int perThread = 250_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<UUID[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    UUID[] made = new UUID[perThread];
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < perThread; i++) {
                        made[i] = EventIds.timeOrdered();
                    }
                    return made;
                }));
            }
            UUID[] all = new UUID[threads * perThread];
            int notIncreasing = 0;
            for (int t = 0; t < threads; t++) {
                UUID[] made = results.get(t).get(60, TimeUnit.SECONDS);
                for (int i = 1; i < perThread; i++) {
                    notIncreasing += made[i].compareTo(made[i - 1]) > 0 ? 0 : 1;
                }
                System.arraycopy(made, 0, all, t * perThread, perThread);
            }
            Arrays.sort(all);
            int repeated = 0;
            for (int i = 1; i < all.length; i++) {
                repeated += all[i].equals(all[i - 1]) ? 1 : 0;
            }
            assertThat(notIncreasing).as("ids not above the thread's previous one").isZero();
            assertThat(repeated).as("ids seen before among the million").isZero();
            assertThat(Arrays.stream(all).filter(id -> id.version() == 7).count()).isEqualTo(1_000_000L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_generator_on_a_java_clock_takes_its_milliseconds() {
        EventIds fixed = EventIds.withClock(Clock.fixed(T0, ZoneOffset.UTC));
        UUID first = fixed.next();
        UUID second = fixed.next();

        assertThat(EventIds.timestampOf(first)).isEqualTo(Instant.ofEpochMilli(T0.toEpochMilli()));
        assertThat(second.getMostSignificantBits()).isEqualTo(first.getMostSignificantBits() + 1);
    }

    @Test
    void generators_of_their_own_on_the_same_millisecond_differ_by_their_random_bits() {
        EventIds other = EventIds.withMillis(clock::get);
        Set<UUID> made = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            made.add(ids.next());
            made.add(other.next());
        }

        assertThat(made).hasSize(2_000);
    }

    @Test
    void the_timestamp_of_another_kind_of_uuid_is_refused() {
        assertThatThrownBy(() -> EventIds.timestampOf(EventIds.random()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("version 7");
        assertThatThrownBy(() -> EventIds.timestampOf(new UUID(0x7000L, 0L)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> EventIds.timestampOf(null)).isInstanceOf(InvalidArgumentException.class);
        assertThat(EventIds.random().version()).isEqualTo(4);
    }

    @Test
    void a_clock_outside_48_bits_of_milliseconds_is_refused() {
        clock.set(-1);
        assertThatThrownBy(ids::next).isInstanceOf(IllegalStateException.class);
        clock.set(1L << 48);
        assertThatThrownBy(ids::next).isInstanceOf(IllegalStateException.class);
        clock.set((1L << 48) - 1);
        assertThat(EventIds.timestampOf(ids.next()).toEpochMilli()).isEqualTo((1L << 48) - 1);
        assertThatThrownBy(() -> EventIds.withClock(null)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void event_data_without_an_id_gets_a_time_ordered_one() {
        long before = System.currentTimeMillis();
        UUID first = EventData.of("E", "{}").eventId();
        UUID second = EventData.of("E", "{}").eventId();

        assertThat(first.version()).isEqualTo(7);
        assertThat(second.compareTo(first)).isPositive();
        assertThat(EventIds.timestampOf(first).toEpochMilli()).isGreaterThanOrEqualTo(before);
    }
}

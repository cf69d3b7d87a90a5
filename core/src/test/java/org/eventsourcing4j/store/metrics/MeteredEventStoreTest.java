package org.eventsourcing4j.store.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.ReadDelay;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.DuplicateEventIdException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeteredEventStoreTest {
    private static final StreamId ACCOUNT = StreamId.of("account-1");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryEventStore memory = new InMemoryEventStore();
    private final MeteredEventStore store = MeteredEventStore.of(memory, registry);

    private static EventData event(int n) {
        return EventData.of("Deposited", "{\"n\":" + n + "}");
    }

    private static List<EventData> events(int count) {
        List<EventData> events = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            events.add(event(i));
        }
        return events;
    }

    /** Other content under a stored event id: the store refuses it as a duplicate. */
    private EventData reusingTheIdOfTheFirstEventOf(StreamId stream) {
        try (Stream<RecordedEvent> events = memory.readStream(stream)) {
            RecordedEvent first = events.findFirst().orElseThrow();
            return new EventData(first.eventId(), "Other", 1, first.data(), first.metadata());
        }
    }

    private long appends(SimpleMeterRegistry in, String outcome) {
        return in.get("eventsourcing4j.store.append").tag("outcome", outcome).timer().count();
    }

    private long appends(String outcome) {
        return appends(registry, outcome);
    }

    private double eventsAppended() {
        return registry.get("eventsourcing4j.store.events.appended").counter().count();
    }

    private double eventsRead(String source) {
        return registry.get("eventsourcing4j.store.events.read").tag("source", source).counter().count();
    }

    private long streamReads(String outcome) {
        return registry.get("eventsourcing4j.store.read.stream").tag("outcome", outcome).timer().count();
    }

    private long pageReads(String outcome) {
        return registry.get("eventsourcing4j.store.read.log").tag("outcome", outcome).timer().count();
    }

    @Test
    void appends_are_timed_by_outcome_and_only_successful_ones_count_events() {
        store.append(ACCOUNT, ExpectedVersion.noStream(), event(1), event(2));
        assertThatThrownBy(() -> store.append(ACCOUNT, ExpectedVersion.noStream(), event(3)))
                .isInstanceOf(ConcurrencyConflictException.class);
        assertThatThrownBy(() -> store.append((AppendBatch) null)).isInstanceOf(InvalidArgumentException.class);
        EventData reused = reusingTheIdOfTheFirstEventOf(ACCOUNT);
        assertThatThrownBy(() -> store.append(ACCOUNT, ExpectedVersion.any(), reused))
                .isInstanceOf(DuplicateEventIdException.class);
        store.append(ACCOUNT, ExpectedVersion.exactly(2), event(4));

        assertThat(appends("appended")).isEqualTo(2);
        assertThat(appends("conflict")).isEqualTo(1);
        assertThat(appends("failed")).isEqualTo(2);
        assertThat(eventsAppended()).isEqualTo(3.0);
        assertThat(memory.currentVersion(ACCOUNT)).isEqualTo(3);
        assertThat(registry.get("eventsourcing4j.store.append").timers()).hasSize(3)
                .allSatisfy(timer -> assertThat(timer.getId().getTags()).hasSize(1));
    }

    @Test
    void timers_measure_the_delegates_call_on_the_registrys_clock() {
        MockClock clock = new MockClock();
        SimpleMeterRegistry timed = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        EventStore slow = new ForwardingEventStore(memory) {
            @Override
            public AppendResult append(AppendBatch batch) {
                clock.add(Duration.ofMillis(7));
                return super.append(batch);
            }

            @Override
            public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
                clock.add(Duration.ofMillis(3));
                return super.readStream(stream, query);
            }

            @Override
            public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
                clock.add(Duration.ofMillis(5));
                return super.readAll(after, limit, filter);
            }
        };
        MeteredEventStore metered = MeteredEventStore.of(slow, timed);

        metered.append(ACCOUNT, ExpectedVersion.noStream(), event(1));
        assertThatThrownBy(() -> metered.append(ACCOUNT, ExpectedVersion.noStream(), event(2)))
                .isInstanceOf(ConcurrencyConflictException.class);
        try (Stream<RecordedEvent> events = metered.readStream(ACCOUNT)) {
            clock.add(Duration.ofSeconds(10)); // consuming the stream is not part of opening it
            assertThat(events.count()).isEqualTo(1);
        }
        metered.readAll(LogPosition.START, 10);

        assertThat(timed.get("eventsourcing4j.store.append").tag("outcome", "appended").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
        assertThat(timed.get("eventsourcing4j.store.append").tag("outcome", "conflict").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
        assertThat(timed.get("eventsourcing4j.store.read.stream").tag("outcome", "success").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
        assertThat(timed.get("eventsourcing4j.store.read.log").tag("outcome", "success").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
    }

    @Test
    void stream_reads_count_events_as_the_consumer_takes_them() {
        store.append(ACCOUNT, ExpectedVersion.noStream(), events(10));

        try (Stream<RecordedEvent> events = store.readStream(ACCOUNT)) {
            assertThat(streamReads("success")).isEqualTo(1);
            assertThat(eventsRead("stream")).as("nothing consumed yet").isZero();
            Iterator<RecordedEvent> it = events.iterator();
            assertThat(it.next().version()).isEqualTo(1);
            assertThat(eventsRead("stream")).isEqualTo(1.0);
            it.next();
            it.next();
            assertThat(eventsRead("stream")).isEqualTo(3.0);
        }
        try (Stream<RecordedEvent> events = store.readStream(ACCOUNT, StreamQuery.from(4))) {
            assertThat(events.map(RecordedEvent::version).toList()).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
        assertThat(eventsRead("stream")).isEqualTo(10.0);
        try (Stream<RecordedEvent> events = store.readStream(ACCOUNT)) {
            assertThat(events.filter(e -> e.version() % 2 == 0).findFirst()).isPresent();
        }
        assertThat(eventsRead("stream")).as("findFirst took versions 1 and 2 only").isEqualTo(12.0);
        assertThat(streamReads("success")).isEqualTo(3);
        assertThat(eventsRead("log")).isZero();
    }

    @Test
    void a_stream_read_that_cannot_open_is_timed_as_failed() {
        assertThatThrownBy(() -> store.readStream(ACCOUNT, null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> store.readStream(null)).isInstanceOf(InvalidArgumentException.class);

        assertThat(streamReads("failed")).isEqualTo(2);
        assertThat(streamReads("success")).isZero();
        assertThat(eventsRead("stream")).isZero();
    }

    @Test
    void closing_the_metered_stream_closes_the_delegates_stream() {
        AtomicInteger closed = new AtomicInteger();
        EventStore tracked = new ForwardingEventStore(memory) {
            @Override
            public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
                return super.readStream(stream, query).onClose(closed::incrementAndGet);
            }
        };
        MeteredEventStore metered = MeteredEventStore.of(tracked, registry);
        metered.append(ACCOUNT, ExpectedVersion.noStream(), events(3));

        metered.readStream(ACCOUNT).close();
        assertThat(closed).as("closed before consuming anything").hasValue(1);
        try (Stream<RecordedEvent> events = metered.readStream(ACCOUNT)) {
            events.iterator().next();
        }
        assertThat(closed).as("closed after consuming part").hasValue(2);
        try (Stream<RecordedEvent> events = metered.readStream(ACCOUNT)) {
            assertThat(events.map(RecordedEvent::type).toList()).hasSize(3);
        }
        assertThat(closed).as("closed after consuming all").hasValue(3);
        assertThat(eventsRead("stream")).isEqualTo(4.0);
    }

    @Test
    void global_log_pages_are_timed_and_their_events_counted() {
        store.append(ACCOUNT, ExpectedVersion.noStream(), events(3));
        store.append(StreamId.of("order-1"), ExpectedVersion.noStream(), events(2));

        LogPage first = store.readAll(LogPosition.START, 2);
        LogPage rest = store.readAll(first.next(), 10);
        LogPage orders = store.readAll(LogPosition.START, 10, EventFilter.streamPrefix("order-"));
        LogPage empty = store.readAll(rest.next(), 10);
        assertThatThrownBy(() -> store.readAll(LogPosition.START, 0)).isInstanceOf(InvalidArgumentException.class);

        assertThat(first.events()).hasSize(2);
        assertThat(rest.events()).hasSize(3);
        assertThat(orders.events()).hasSize(2);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(pageReads("success")).isEqualTo(4);
        assertThat(pageReads("failed")).isEqualTo(1);
        assertThat(eventsRead("log")).isEqualTo(7.0);
        assertThat(eventsRead("stream")).isZero();
    }

    @Test
    void a_named_store_tags_every_meter_and_keeps_its_counts_apart() {
        MeteredEventStore orders = MeteredEventStore.of(new InMemoryEventStore(), registry, "orders");
        MeteredEventStore billing = MeteredEventStore.of(new InMemoryEventStore(), registry, "billing");

        orders.append(ACCOUNT, ExpectedVersion.noStream(), events(2));
        billing.append(ACCOUNT, ExpectedVersion.noStream(), events(5));
        billing.readAll(LogPosition.START, 10);

        assertThat(registry.get("eventsourcing4j.store.events.appended").tag("store", "orders").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("eventsourcing4j.store.events.appended").tag("store", "billing").counter().count())
                .isEqualTo(5.0);
        assertThat(registry.get("eventsourcing4j.store.events.read").tag("store", "billing").tag("source", "log")
                .counter().count()).isEqualTo(5.0);
        assertThat(registry.find("eventsourcing4j.store.events.read").tag("store", "orders").tag("source", "log")
                .counter().count()).isZero();
        assertThat(registry.getMeters()).filteredOn(m -> m.getId().getTag("store") != null)
                .extracting(m -> m.getId().getName()).containsOnly(
                        "eventsourcing4j.store.append", "eventsourcing4j.store.events.appended",
                        "eventsourcing4j.store.read.stream", "eventsourcing4j.store.read.log",
                        "eventsourcing4j.store.events.read", "eventsourcing4j.store.read.delayed");
        assertThatThrownBy(() -> MeteredEventStore.of(memory, registry, " "))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.argument()).isEqualTo("store name"));
        assertThatThrownBy(() -> MeteredEventStore.of(memory, null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> MeteredEventStore.of(null, registry)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void uses_the_delegates_notifications_when_it_has_them() {
        AtomicInteger wakeUps = new AtomicInteger();
        Registration registration = store.onAppend(wakeUps::incrementAndGet).orElseThrow();

        memory.append(ACCOUNT, ExpectedVersion.noStream(), event(1));
        assertThat(wakeUps).as("an append that bypassed the wrapper").hasValue(1);
        store.append(ACCOUNT, ExpectedVersion.exactly(1), event(2));
        assertThat(wakeUps).as("an append through the wrapper wakes once, not twice").hasValue(2);

        registration.close();
        store.append(ACCOUNT, ExpectedVersion.exactly(2), event(3));
        memory.append(ACCOUNT, ExpectedVersion.exactly(3), event(4));
        assertThat(wakeUps).hasValue(2);
    }

    @Test
    void wakes_listeners_after_its_own_appends_when_the_delegate_cannot() {
        EventStore silent = new ForwardingEventStore(memory) {
            @Override
            public Optional<Registration> onAppend(Runnable listener) {
                return Optional.empty(); // a store that cannot wake readers
            }
        };
        MeteredEventStore metered = MeteredEventStore.of(silent, registry);
        AtomicInteger wakeUps = new AtomicInteger();
        AtomicInteger failingListenerCalls = new AtomicInteger();
        Registration failing = metered.onAppend(() -> {
            failingListenerCalls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }).orElseThrow();
        Registration registration = metered.onAppend(wakeUps::incrementAndGet).orElseThrow();

        AppendResult result = metered.append(ACCOUNT, ExpectedVersion.noStream(), event(1));
        assertThat(result.streamVersion()).isEqualTo(1);
        assertThat(wakeUps).hasValue(1);
        assertThat(failingListenerCalls).as("a throwing listener does not fail the append").hasValue(1);
        assertThat(appends("appended")).isEqualTo(1);

        silent.append(ACCOUNT, ExpectedVersion.exactly(1), event(2));
        assertThatThrownBy(() -> metered.append(ACCOUNT, ExpectedVersion.noStream(), event(3)))
                .isInstanceOf(ConcurrencyConflictException.class);
        assertThat(wakeUps).as("neither a bypassing append nor a refused one wakes").hasValue(1);

        failing.close();
        registration.close();
        metered.append(ACCOUNT, ExpectedVersion.exactly(2), event(4));
        assertThat(wakeUps).hasValue(1);
        assertThat(failingListenerCalls).hasValue(1);
        assertThatThrownBy(() -> metered.onAppend(null)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void passes_on_the_delegates_read_delay_and_shows_it_as_a_gauge() {
        AtomicReference<Optional<ReadDelay>> delay = new AtomicReference<>(Optional.empty());
        class Delayed extends ForwardingEventStore {
            Delayed() {
                super(memory);
            }

            @Override
            public Optional<ReadDelay> readDelay() {
                return delay.get();
            }
        }
        MeteredEventStore metered = MeteredEventStore.of(new Delayed(), registry, "pg");

        assertThat(metered.readDelay()).isEmpty();
        assertThat(registry.get("eventsourcing4j.store.read.delayed").tag("store", "pg").gauge().value()).isZero();
        ReadDelay held = new ReadDelay("held back by backend pid 4711", Duration.ofSeconds(42));
        delay.set(Optional.of(held));
        assertThat(metered.readDelay()).hasValue(held);
        assertThat(registry.get("eventsourcing4j.store.read.delayed").tag("store", "pg").gauge().value()).isEqualTo(1.0);
        delay.set(Optional.empty());
        assertThat(registry.get("eventsourcing4j.store.read.delayed").tag("store", "pg").gauge().value()).isZero();
    }

    @Test
    void a_store_whose_readers_are_never_held_back_reports_no_delay_and_its_gauge_reads_zero() {
        assertThat(store.readDelay()).isEmpty();
        assertThat(registry.get("eventsourcing4j.store.read.delayed").gauge().value()).isZero();
    }

    /** Writers race on one expected version: exactly one is timed as appended, the rest as conflicts. */
    @RepeatedTest(20)
    void racing_writers_are_timed_by_their_outcome() throws Exception {
        int writers = 4;
        StreamId stream = StreamId.of("race-" + UUID.randomUUID());
        store.append(stream, ExpectedVersion.noStream(), event(0));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i + 1;
                outcomes.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    try {
                        store.append(stream, ExpectedVersion.exactly(1), event(n), event(n + 100));
                        return true;
                    } catch (ConcurrencyConflictException e) {
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> outcome : outcomes) {
                won += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(appends("appended")).isEqualTo(2);
        assertThat(appends("conflict")).isEqualTo(writers - 1);
        assertThat(eventsAppended()).isEqualTo(3.0);
    }

    /**
     * A seeded random mix of appends (some conflicting, some invalid), partly consumed stream
     * reads and global-log pages; every meter must agree with a model of what was done.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 20_261_128L, 0x5EEDL})
    void meters_agree_with_a_model_of_a_random_workload(long seed) {
        Random random = new Random(seed);
        List<StreamId> streams = List.of(StreamId.of("a-1"), StreamId.of("a-2"), StreamId.of("b-1"));
        long appended = 0;
        long conflicts = 0;
        long failed = 0;
        long eventsAppended = 0;
        long streamEventsTaken = 0;
        long pages = 0;
        long logEvents = 0;
        for (int step = 0; step < 400; step++) {
            StreamId stream = streams.get(random.nextInt(streams.size()));
            long version = memory.currentVersion(stream);
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    int size = 1 + random.nextInt(4);
                    boolean stale = random.nextInt(4) == 0;
                    try {
                        store.append(stream, ExpectedVersion.exactly(stale ? version + 1 : version), events(size));
                        appended++;
                        eventsAppended += size;
                    } catch (ConcurrencyConflictException e) {
                        assertThat(stale).as("seed %d, step %d", seed, step).isTrue();
                        conflicts++;
                    }
                }
                case 2 -> {
                    assertThatThrownBy(() -> store.append((AppendBatch) null))
                            .isInstanceOf(InvalidArgumentException.class);
                    failed++;
                    if (version > 0) {
                        EventData reused = reusingTheIdOfTheFirstEventOf(stream);
                        assertThatThrownBy(() -> store.append(stream, ExpectedVersion.any(), reused))
                                .isInstanceOf(DuplicateEventIdException.class);
                        failed++;
                    }
                }
                case 3 -> {
                    int take = random.nextInt((int) version + 2);
                    try (Stream<RecordedEvent> events = store.readStream(stream)) {
                        assertThat(events.limit(take).count()).isEqualTo(Math.min(take, version));
                    }
                    streamEventsTaken += Math.min(take, version);
                }
                default -> {
                    long head = memory.headPosition().position();
                    LogPosition after = LogPosition.of(head == 0 ? 0 : random.nextInt((int) head + 1));
                    int limit = 1 + random.nextInt(20);
                    LogPage page = store.readAll(after, limit);
                    assertThat(page.events()).hasSize((int) Math.min(limit, head - after.position()));
                    pages++;
                    logEvents += page.events().size();
                }
            }
        }
        String where = "seed " + seed;
        assertThat(appends("appended")).as(where).isEqualTo(appended);
        assertThat(appends("conflict")).as(where).isEqualTo(conflicts);
        assertThat(appends("failed")).as(where).isEqualTo(failed);
        assertThat(eventsAppended()).as(where).isEqualTo((double) eventsAppended);
        assertThat(memory.headPosition().position()).as(where).isEqualTo(eventsAppended);
        assertThat(eventsRead("stream")).as(where).isEqualTo((double) streamEventsTaken);
        assertThat(pageReads("success")).as(where).isEqualTo(pages);
        assertThat(eventsRead("log")).as(where).isEqualTo((double) logEvents);
        assertThat(appended).as(where + ": the mix has every kind").isPositive();
        assertThat(conflicts).as(where).isPositive();
        assertThat(streamEventsTaken).as(where).isPositive();
    }
}

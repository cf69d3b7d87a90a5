package org.eventsourcing4j.projection;

import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.EventStore;
import io.micrometer.core.instrument.Measurement;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;
import org.junit.jupiter.api.Test;

class ProjectionMonitoringTest {
    private final MutableTestClock clock = new MutableTestClock();
    private final InMemoryEventStore store = new InMemoryEventStore(clock);
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

    private AppendResult append(int n) {
        return store.append(StreamId.of("acc-1"), ExpectedVersion.any(), EventData.of("E", "{\"n\":" + n + "}"));
    }

    @Test
    void status_and_meters_show_lag_in_events_and_seconds_while_a_handler_is_blocked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        EventHandler handler = event -> {
            blocked.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        append(1);
        clock.advance(Duration.ofSeconds(30));
        append(2);
        AppendResult last = append(3);
        clock.advance(Duration.ofSeconds(12));
        ProjectionRunner runner = ProjectionRunner.create("lagging", store, new CheckpointedTarget("lagging", handler, checkpoints, () -> { }), ProjectionOptions.DEFAULTS.withBatchSize(1).withClock(clock));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProjectionMetrics.bind(registry, runner);
        try {
            runner.start();
            assertThat(blocked.await(20, TimeUnit.SECONDS)).isTrue();

            ProjectionStatus status = runner.status();
            assertThat(status.state()).isEqualTo(ProjectionStatus.State.CATCHING_UP);
            assertThat(status.lagEvents()).isEqualTo(3);
            assertThat(status.lag()).isEqualTo(Duration.ofSeconds(42));
            assertThat(registry.get("eventsourcing4j.projection.lag.events").tag("projection", "lagging").gauge().value())
                    .isEqualTo(3.0);
            assertThat(registry.get("eventsourcing4j.projection.lag.seconds").gauge().value()).isEqualTo(42.0);
            assertThat(registry.get("eventsourcing4j.projection.running").gauge().value()).isEqualTo(1.0);

            release.countDown();
            assertThat(runner.awaitProcessed(last.lastPosition(), Duration.ofSeconds(20))).isTrue();
            assertThat(runner.status().lagEvents()).isZero();
            assertThat(runner.status().lag()).isZero();
            assertThat(registry.get("eventsourcing4j.projection.events.processed").functionCounter().count()).isEqualTo(3.0);
            assertThat(registry.get("eventsourcing4j.projection.checkpoint").gauge().value())
                    .isEqualTo((double) last.position());
        } finally {
            release.countDown();
            runner.close();
        }
        assertThat(runner.status().state()).isEqualTo(ProjectionStatus.State.STOPPED);
    }

    @Test
    void a_scrape_of_all_its_meters_asks_the_store_for_its_head_once_and_not_again_within_a_second() {
        AtomicInteger headReads = new AtomicInteger();
        EventStore counting = new ForwardingEventStore(store) {
            @Override
            public LogPosition lastCommittedPosition() {
                headReads.incrementAndGet();
                return super.lastCommittedPosition();
            }
        };
        append(1);
        ProjectionRunner runner = ProjectionRunner.create("scraped", counting,
                new CheckpointedTarget("scraped", event -> { }, checkpoints, () -> { }),
                ProjectionOptions.DEFAULTS.withClock(clock));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProjectionMetrics.bind(registry, runner);
        assertThat(registry.getMeters()).hasSize(9);

        scrape(registry);
        assertThat(headReads).as("one scrape of nine meters").hasValue(1);
        clock.advance(Duration.ofMillis(900));
        scrape(registry);
        assertThat(headReads).as("a second scrape within a second").hasValue(1);
        clock.advance(Duration.ofMillis(200));
        scrape(registry);
        assertThat(headReads).as("a scrape after more than a second").hasValue(2);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getDescription()).isNotBlank());
    }

    private static void scrape(SimpleMeterRegistry registry) {
        registry.getMeters().forEach(meter -> meter.measure().forEach(Measurement::getValue));
    }

    @Test
    void an_unavailable_database_is_retried_without_counting_against_the_event() throws Exception {
        AtomicInteger outages = new AtomicInteger(20);
        List<RecordedEvent> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProjectionTarget target = new CheckpointedTarget("outage", handled::add, checkpoints, () -> { });
        ProjectionTarget unavailable = new ProjectionTarget() {
            @Override
            public LogPosition checkpoint() {
                return target.checkpoint();
            }

            @Override
            public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
                if (outages.getAndDecrement() > 0) {
                    throw new StoreUnavailableException("database restarting", null);
                }
                return target.commit(events, from, to);
            }

            @Override
            public void applyAgain(RecordedEvent event) {
                target.applyAgain(event);
            }

            @Override
            public void reset() {
                target.reset();
            }
        };
        AppendResult last = append(1);
        ProjectionRunner runner = ProjectionRunner.create("outage", store, unavailable, ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.PARK, 1)
                .withDeadLetters(new InMemoryDeadLetterStore())
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)));
        try {
            runner.start();
            assertThat(runner.awaitProcessed(last.lastPosition(), Duration.ofSeconds(20))).isTrue();
        } finally {
            runner.close();
        }
        assertThat(handled).hasSize(1);
        assertThat(runner.status().parked()).isZero();
        assertThat(runner.parkedEvents()).isEmpty();
        assertThat(runner.status().lastError()).contains("database restarting");
    }
}

package org.eventsourcing4j.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * While catching up, a runner reads the next page on a thread of its own as the page in hand
 * commits; a page read ahead for a position the loop no longer starts from is not used, a
 * failed one is read again by the loop, and a projection at the head reads only after its commits.
 */
class ReadAheadTest {
    private static final int PAGE = 10;

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final WatchedLog log = new WatchedLog(store);
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final RecordingHandler handler = new RecordingHandler();

    @RepeatedTest(3)
    void catching_up_reads_the_next_page_while_the_page_in_hand_commits() throws Exception {
        List<RecordedEvent> appended = append(3 * PAGE);
        LogPosition endOfFirstPage = appended.get(PAGE - 1).logPosition();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger commits = new AtomicInteger();
        ProjectionTarget target = new Wrapped(new CheckpointedTarget("p", handler, checkpoints, () -> { })) {
            @Override
            public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
                if (commits.getAndIncrement() == 0) {
                    // Held until the second page is being read: without read-ahead it never is.
                    overlapped.set(await(log.aheadReadStarted(endOfFirstPage)));
                }
                return super.commit(events, from, to);
            }
        };
        try (ProjectionRunner runner = runner(target)) {
            runner.start();
            assertThat(runner.awaitProcessed(store.headPosition(), Duration.ofSeconds(20))).isTrue();
        }
        assertThat(overlapped).as("the second page was read while the first one committed").isTrue();
        assertThat(handler.ids()).containsExactlyElementsOf(ids(appended));
    }

    @Test
    void a_page_read_ahead_for_a_position_the_loop_no_longer_starts_from_is_not_used() throws Exception {
        List<RecordedEvent> appended = append(3 * PAGE);
        LogPosition endOfFirstPage = appended.get(PAGE - 1).logPosition();
        LogPosition endOfSecondPage = appended.get(2 * PAGE - 1).logPosition();
        AtomicInteger commits = new AtomicInteger();
        ProjectionTarget target = new Wrapped(new CheckpointedTarget("p", handler, checkpoints, () -> { })) {
            @Override
            public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
                if (commits.getAndIncrement() == 0) {
                    // Another instance moves the checkpoint past the second page while the
                    // first commits: this commit is fenced off, the page read ahead is stale.
                    await(log.aheadReadStarted(endOfFirstPage));
                    checkpoints.compareAndSet("p", LogPosition.START, endOfSecondPage);
                }
                return super.commit(events, from, to);
            }
        };
        try (ProjectionRunner runner = runner(target)) {
            runner.start();
            assertThat(runner.awaitProcessed(store.headPosition(), Duration.ofSeconds(20))).isTrue();
        }
        assertThat(log.aheadReads).as("the second page was read ahead").contains(endOfFirstPage);
        assertThat(handler.ids()).as("only what follows the moved checkpoint")
                .containsExactlyElementsOf(ids(appended.subList(2 * PAGE, 3 * PAGE)));
    }

    @RepeatedTest(3)
    void a_read_ahead_that_fails_is_read_again_by_the_loop_without_an_error() throws Exception {
        List<RecordedEvent> appended = append(3 * PAGE + 5);
        log.failAheadReads = true;
        try (ProjectionRunner runner = runner(new CheckpointedTarget("p", handler, checkpoints, () -> { }))) {
            runner.start();
            assertThat(runner.awaitProcessed(store.headPosition(), Duration.ofSeconds(20))).isTrue();
            assertThat(runner.status().lastError()).isNull();
            assertThat(runner.status().retried()).isZero();
        }
        assertThat(log.aheadReads).as("reads ahead were tried").isNotEmpty();
        assertThat(handler.ids()).containsExactlyElementsOf(ids(appended));
    }

    @Test
    void a_projection_at_the_head_reads_only_on_its_own_thread_after_each_commit() throws Exception {
        List<RecordedEvent> appended = new CopyOnWriteArrayList<>(append(PAGE - 1));
        try (ProjectionRunner runner = runner(new CheckpointedTarget("p", handler, checkpoints, () -> { }))) {
            runner.start();
            assertThat(runner.awaitProcessed(store.headPosition(), Duration.ofSeconds(20))).isTrue();
            appended.addAll(append(PAGE - 1));
            assertThat(runner.awaitProcessed(store.headPosition(), Duration.ofSeconds(20))).isTrue();
        }
        assertThat(log.loopReads).as("the loop read").isNotEmpty();
        assertThat(log.aheadReads).as("no page was full: nothing read ahead").isEmpty();
        assertThat(handler.ids()).containsExactlyElementsOf(ids(appended));
    }

    private ProjectionRunner runner(ProjectionTarget target) {
        return ProjectionRunner.create("p", log, target, ProjectionOptions.DEFAULTS.withBatchSize(PAGE)
                .withPollInterval(Duration.ofMillis(20)).withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    private List<RecordedEvent> append(int count) {
        LogPosition before = store.headPosition();
        for (int i = 0; i < count; i++) {
            store.append(StreamId.of("s-" + (i % 3)), ExpectedVersion.any(), EventData.of("E", "{\"i\":" + i + "}"));
        }
        return store.readAll(before, count).events();
    }

    private static List<java.util.UUID> ids(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::eventId).toList();
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The in-memory log, recording after which position each read started and on which thread. */
    private static final class WatchedLog implements GlobalLogReader {
        final List<LogPosition> aheadReads = new CopyOnWriteArrayList<>();
        final List<LogPosition> loopReads = new CopyOnWriteArrayList<>();
        volatile boolean failAheadReads;
        private final InMemoryEventStore store;
        private final List<Watch> watches = new CopyOnWriteArrayList<>();

        WatchedLog(InMemoryEventStore store) {
            this.store = store;
        }

        /** Counted down when a read ahead after {@code position} starts. */
        CountDownLatch aheadReadStarted(LogPosition position) {
            Watch watch = new Watch(position, new CountDownLatch(1));
            watches.add(watch);
            if (aheadReads.contains(position)) {
                watch.latch().countDown();
            }
            return watch.latch();
        }

        @Override
        public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
            if (Thread.currentThread().getName().endsWith("-read-ahead")) {
                aheadReads.add(after);
                watches.stream().filter(w -> w.position().equals(after)).forEach(w -> w.latch().countDown());
                if (failAheadReads) {
                    throw new StoreUnavailableException("the database went away during a read ahead", null);
                }
            } else {
                loopReads.add(after);
            }
            return store.readAll(after, limit, filter);
        }

        @Override
        public LogPosition headPosition() {
            return store.headPosition();
        }

        @Override
        public Optional<Registration> onAppend(Runnable listener) {
            return store.onAppend(listener);
        }

        private record Watch(LogPosition position, CountDownLatch latch) {
        }
    }

    /** A target passing everything to another one. */
    private static class Wrapped implements ProjectionTarget {
        private final ProjectionTarget delegate;

        Wrapped(ProjectionTarget delegate) {
            this.delegate = delegate;
        }

        @Override
        public LogPosition checkpoint() {
            return delegate.checkpoint();
        }

        @Override
        public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
            return delegate.commit(events, from, to);
        }

        @Override
        public void applyAgain(RecordedEvent event) {
            delegate.applyAgain(event);
        }

        @Override
        public void reset() {
            delegate.reset();
        }
    }
}

package org.eventsourcing4j.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/** The loop's handling of an unavailable target, seen from the target's side, on the loop's own thread. */
class ProjectionLoopTest {

    @Test
    void a_commit_that_keeps_failing_backs_off_further_each_time_though_every_read_succeeds() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        for (int i = 0; i < 3; i++) {
            store.append(StreamId.of("s"), ExpectedVersion.any(), EventData.of("E", "{}"));
        }
        AtomicReference<ProjectionLoop> loop = new AtomicReference<>();
        FailingTarget target = new FailingTarget(4, loop);
        Wakeups wakeups = new Wakeups();
        ProjectionOptions options = ProjectionOptions.DEFAULTS.withPollInterval(Duration.ofSeconds(10))
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2));
        loop.set(new ProjectionLoop("backoff", store, target, options, new Progress(), wakeups, Optional.empty(),
                Optional.empty()));
        Thread thread = new Thread(loop.get(), "projection-backoff");
        thread.start();
        try {
            assertThat(target.succeeded.await(20, TimeUnit.SECONDS)).as("the commit finally succeeds").isTrue();
        } finally {
            wakeups.stop();
            thread.join(TimeUnit.SECONDS.toMillis(20));
        }

        // The failures in a row the loop had counted when each attempt came: the next pause is the
        // backoff before attempt n + 1, so it grows; before the fix every read set it back to 0.
        assertThat(target.streakAtEachAttempt).containsExactly(0, 1, 2, 3, 4);
        assertThat(loop.get().infrastructureFailures()).as("reset once the page was committed").isZero();
        assertThat(target.checkpoint()).isEqualTo(LogPosition.of(3));
    }

    /** Fails its first {@code failures} commits as unavailable, then commits. */
    private static final class FailingTarget implements ProjectionTarget {
        final List<Integer> streakAtEachAttempt = new CopyOnWriteArrayList<>();
        final CountDownLatch succeeded = new CountDownLatch(1);
        private final int failures;
        private final AtomicReference<ProjectionLoop> loop;
        private volatile LogPosition checkpoint = LogPosition.START;

        FailingTarget(int failures, AtomicReference<ProjectionLoop> loop) {
            this.failures = failures;
            this.loop = loop;
        }

        @Override
        public LogPosition checkpoint() {
            return checkpoint;
        }

        @Override
        public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
            if (events.isEmpty()) {
                checkpoint = to;
                return true;
            }
            streakAtEachAttempt.add(loop.get().infrastructureFailures());
            if (streakAtEachAttempt.size() <= failures) {
                throw new StoreUnavailableException("the read model's database is down", null);
            }
            checkpoint = to;
            succeeded.countDown();
            return true;
        }

        @Override
        public void applyAgain(RecordedEvent event) {
            throw new UnsupportedOperationException("nothing is parked here");
        }

        @Override
        public void reset() {
            checkpoint = LogPosition.START;
        }
    }
}

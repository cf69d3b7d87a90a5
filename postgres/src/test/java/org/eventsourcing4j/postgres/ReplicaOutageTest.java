package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.postgres.ReplicaServers.CATCH_UP;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real replica that is down (stopped): reads fail with a retryable error, or go to the
 * primary and back to the replica once it has caught up, as configured. Appends never depend
 * on the replica. One primary and one replica of the test's own for the class.
 */
class ReplicaOutageTest {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static ReplicaServers servers;
    private static int stores;
    private PostgresEventStore store;

    @BeforeAll
    static void startServers() {
        servers = ReplicaServers.start("outage");
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @AfterEach
    void replicaUpAgain() {
        store.close();
        if (!servers.replica.isRunning()) {
            servers.replica.start();
        }
        if (servers.replica.isReplayPaused()) {
            servers.replica.resumeReplay();
        }
    }

    @Test
    void failing_when_down_reads_and_waits_fail_retryably_naming_the_replica_while_appends_go_on() {
        store = servers.store(servers.options("f" + (++stores) + "_"), servers.reads().failingWhenDown());
        StreamId stream = StreamId.of("fail-1");
        store.append(stream, ExpectedVersion.noStream(), EventData.of("E", "{}"));
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();

        servers.replica.stop();
        assertThatThrownBy(() -> versions(stream)).isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.getMessage()).contains("on the replica");
        });
        assertThatThrownBy(() -> store.awaitReplication(CATCH_UP)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("replica");
        store.append(stream, ExpectedVersion.exactly(1), EventData.of("E", "{}"));

        servers.replica.start();
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();
        assertThat(versions(stream)).containsExactly(1L, 2L);
    }

    @Test
    void reading_the_primary_when_down_reads_go_there_and_back_to_the_replica_once_it_has_caught_up() {
        MutableClock clock = MutableClock.startingAt2026();
        store = servers.store(servers.options("p" + (++stores) + "_").withClock(clock),
                servers.reads().readingPrimaryWhenDown(RETRY_AFTER));
        StreamId stream = StreamId.of("fallback-1");
        store.append(stream, ExpectedVersion.noStream(), EventData.of("E", "{}"));
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();

        servers.replica.stop();
        store.append(stream, ExpectedVersion.exactly(1), EventData.of("E", "{}"));
        assertThat(versions(stream)).as("read on the primary").containsExactly(1L, 2L);
        long started = System.nanoTime();
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("a replica known to be down is not waited for").isLessThan(Duration.ofMillis(900));

        // Back, but behind (its replay paused): until the retry time, reads stay on the primary...
        servers.replica.start();
        servers.replica.pauseReplay();
        store.append(stream, ExpectedVersion.exactly(2), EventData.of("E", "{}"));
        assertThat(versions(stream)).containsExactly(1L, 2L, 3L);
        // ... and after it, the replica is taken back only once it has caught up.
        clock.advance(RETRY_AFTER.plusSeconds(1));
        started = System.nanoTime();
        assertThat(versions(stream)).as("still on the primary: the replica is behind").containsExactly(1L, 2L, 3L);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the read that tried the replica again gave it a second to catch up")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));

        servers.replica.resumeReplay();
        clock.advance(RETRY_AFTER.plusSeconds(1));
        assertThat(versions(stream)).as("readmitted, caught up").containsExactly(1L, 2L, 3L);
        servers.replica.pauseReplay();
        store.append(stream, ExpectedVersion.exactly(3), EventData.of("E", "{}"));
        assertThat(versions(stream)).as("on the replica again: its paused state").containsExactly(1L, 2L, 3L);
        servers.replica.resumeReplay();
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();
        assertThat(versions(stream)).containsExactly(1L, 2L, 3L, 4L);
    }

    private List<Long> versions(StreamId stream) {
        try (Stream<RecordedEvent> events = store.readStream(stream)) {
            return events.map(RecordedEvent::version).toList();
        }
    }
}

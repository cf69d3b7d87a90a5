package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventsourcing4j.postgres.ReplicaServers.CATCH_UP;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The global log read from a real hot standby keeps the global-order rule: a transaction held
 * open on the primary while others commit holds the replica's readers back too, although the
 * replica has the later commits; and a projection that reads the replica's log applies every
 * event exactly once, in log order. One primary and one replica of the test's own for the class.
 */
class ReplicaGlobalLogTest {
    private static ReplicaServers servers;
    private static int stores;
    private PostgresEventStore store;
    private PostgresEventStore primaryOnly;

    @BeforeAll
    static void startServers() {
        servers = ReplicaServers.start("replog");
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @AfterEach
    void closeStores() {
        if (servers.replica.isReplayPaused()) {
            servers.replica.resumeReplay();
        }
        store.close();
        primaryOnly.close();
    }

    private void newStores() {
        String prefix = "l" + (++stores) + "_";
        store = servers.store(servers.options(prefix), servers.reads().withGlobalLog(true));
        primaryOnly = servers.primaryOnly(prefix);
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();
    }

    @Test
    void the_global_log_is_read_from_the_replica_only_when_configured() {
        newStores();
        try (PostgresEventStore streamsOnly = servers.store(servers.options("l" + stores + "_"), servers.reads())) {
            store.append(StreamId.of("first-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
            assertThat(store.awaitReplication(CATCH_UP)).isTrue();
            LogPosition replicated = store.headPosition();
            servers.replica.pauseReplay();
            AppendResult later = store.append(StreamId.of("later-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));

            assertThat(store.headPosition()).as("the replica's head").isEqualTo(replicated);
            assertThat(store.readAll(replicated, 10).events()).isEmpty();
            assertThat(streamsOnly.headPosition()).as("the primary's head").isEqualTo(later.lastPosition());
            assertThat(store.lastCommittedPosition()).as("the truth, from the primary").isEqualTo(later.lastPosition());
        }
    }

    @Test
    void a_transaction_held_open_on_the_primary_holds_back_readers_of_the_replica_that_has_the_later_commits()
            throws Exception {
        newStores();
        EventData before = EventData.of("Before", "{}");
        store.append(StreamId.of("before-1"), ExpectedVersion.noStream(), before);
        EventData a = EventData.of("A", "{}");
        EventData b = EventData.of("B", "{}");
        EventData c = EventData.of("C", "{}");
        List<UUID> seen = new ArrayList<>();
        LogPosition checkpoint = LogPosition.START;
        try (Connection held = servers.database.dataSource.getConnection()) {
            held.setAutoCommit(false);
            AppendResult resultA = store.appendInTransaction(held,
                    AppendBatch.of(StreamId.of("a-1"), ExpectedVersion.noStream(), a));
            AppendResult resultB = store.append(StreamId.of("b-1"), ExpectedVersion.noStream(), b);
            store.append(StreamId.of("c-1"), ExpectedVersion.noStream(), c);
            assertThat(resultB.position()).isGreaterThan(resultA.position());
            assertThat(store.awaitReplication(CATCH_UP)).isTrue();
            // The replica has B and C committed, visible to any query there...
            String events = servers.database.schema + "." + store.schema().tablePrefix() + "events";
            assertThat(servers.onReplica("select count(*) from " + events + " where event_type in ('B', 'C')"))
                    .isEqualTo("2");
            // ... and its horizon, built from the replayed WAL, is still at A's transaction.
            assertThat(servers.onReplica("select pg_snapshot_xmin(pg_current_snapshot()) <= '" + resultA.lastPosition().txId()
                    + "'::xid8")).isEqualTo("t");
            assertThat(servers.onReplica("select pg_current_snapshot()::text")).as("a standby lists no running ids")
                    .endsWith(":");

            for (int poll = 0; poll < 20; poll++) {
                LogPage page = store.readAll(checkpoint, 100);
                page.events().forEach(e -> seen.add(e.eventId()));
                checkpoint = page.next();
                assertThat(checkpoint).as("checkpoint while A is open").isLessThan(resultA.lastPosition());
                assertThat(store.headPosition()).isLessThan(resultA.lastPosition());
            }
            assertThat(seen).containsExactly(before.eventId());
            held.commit();
        }
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (seen.size() < 4 && System.nanoTime() < deadline) {
            LogPage page = store.readAll(checkpoint, 100);
            for (RecordedEvent event : page.events()) {
                assertThat(event.logPosition()).isGreaterThan(checkpoint);
                seen.add(event.eventId());
            }
            checkpoint = page.next();
        }
        assertThat(seen).as("each exactly once, A first: its transaction is oldest")
                .containsExactly(before.eventId(), a.eventId(), b.eventId(), c.eventId());
    }

    @Test
    void a_projection_reading_the_replicas_log_applies_every_event_exactly_once_in_log_order() throws Exception {
        newStores();
        JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(store, servers.database.schema + ".checkpoints");
        JdbcRecordingProjection projection = new JdbcRecordingProjection("on-replica", store, checkpoints,
                servers.database.schema + ".recorded");
        int writers = 3;
        int batches = 40;
        try (ProjectionRunner runner = ProjectionRunner.create("on-replica", store, projection.target(),
                ProjectionOptions.DEFAULTS.withBatchSize(7).withPollInterval(Duration.ofMillis(20)))) {
            runner.start();
            CyclicBarrier start = new CyclicBarrier(writers + 1);
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(CompletableFuture.runAsync(() -> {
                    await(start);
                    for (int n = 0; n < batches; n++) {
                        List<EventData> batch = new ArrayList<>();
                        for (int k = 0; k <= n % 3; k++) {
                            batch.add(EventData.of("E", "{\"w\":" + writer + ",\"n\":" + n + "}"));
                        }
                        store.append(StreamId.of("w" + writer + "-" + (n % 4)), ExpectedVersion.any(), batch);
                    }
                }));
            }
            // A transaction that appends first and commits while the writers go on.
            try (Connection held = servers.database.dataSource.getConnection()) {
                held.setAutoCommit(false);
                store.appendInTransaction(held, AppendBatch.of(StreamId.of("held-1"), ExpectedVersion.noStream(),
                        EventData.of("Held", "{}")));
                await(start);
                Thread.sleep(300);
                held.commit();
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            LogPosition last = primaryOnly.lastCommittedPosition();
            assertThat(runner.awaitProcessed(last, CATCH_UP)).as("status %s", runner.status()).isTrue();
            int expected = 1 + writers * IntStream.range(0, batches).map(n -> n % 3 + 1).sum();
            List<UUID> log = Eventually.log(primaryOnly, expected).stream().map(RecordedEvent::eventId).toList();
            assertThat(log).hasSize(expected);
            assertThat(projection.applied()).as("every event once, in the primary's log order")
                    .containsExactlyElementsOf(log);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.postgres.ReplicaServers.CATCH_UP;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.CommandOptions;
import org.eventsourcing4j.aggregate.RepositoryOptions;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.ReplicaLagException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stream reads from a real streaming replica: lag made by pausing its replay and seen in the
 * reads, read your writes by LSN and through the repository, and batches that never show in
 * part. One primary and one replica of the test's own for the class.
 */
class ReplicaReadsTest {
    private static final int BATCH = 5;
    private static ReplicaServers servers;
    private static int stores;
    private PostgresEventStore store;
    private PostgresEventStore primaryOnly;

    @BeforeAll
    static void startServers() {
        servers = ReplicaServers.start("replica");
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

    private void newStores(PostgresOptions options) {
        store = servers.store(options, servers.reads());
        primaryOnly = PostgresEventStore.create(servers.database.dataSource, options);
        assertThat(store.awaitReplication(CATCH_UP)).as("the replica has the new tables").isTrue();
    }

    private PostgresOptions options() {
        return servers.options("s" + (++stores) + "_");
    }

    @Test
    void stream_reads_come_from_the_replica_and_show_an_earlier_state_while_its_replay_is_paused() {
        newStores(options());
        StreamId stream = StreamId.of("lag-1");
        store.append(stream, ExpectedVersion.noStream(), event(1));
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();
        assertThat(versions(store, stream)).containsExactly(1L);

        servers.replica.pauseReplay();
        EventData later = event(2);
        store.append(stream, ExpectedVersion.exactly(1), later, event(3));

        assertThat(versions(store, stream)).as("the replica's state").containsExactly(1L);
        assertThat(store.currentVersion(stream)).isEqualTo(1);
        assertThat(store.readEvent(later.eventId())).isEmpty();
        assertThat(versions(primaryOnly, stream)).as("the primary's").containsExactly(1L, 2L, 3L);
        assertThatThrownBy(() -> store.awaitReplication(Duration.ofMillis(300)))
                .isInstanceOfSatisfying(ReplicaLagException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.waited()).isEqualTo(Duration.ofMillis(300));
                    assertThat(e.getMessage()).contains("bytes behind").contains("replay is paused");
                });

        servers.replica.resumeReplay();
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();
        assertThat(versions(store, stream)).containsExactly(1L, 2L, 3L);
        assertThat(store.readEvent(later.eventId())).hasValueSatisfying(e -> assertThat(e.version()).isEqualTo(2));
    }

    @Test
    void a_wait_for_the_lsn_after_an_append_returns_once_the_replica_has_replayed_it() throws Exception {
        newStores(options());
        StreamId stream = StreamId.of("lsn-1");
        servers.replica.pauseReplay();
        store.append(stream, ExpectedVersion.noStream(), event(1));
        Lsn written = store.currentLsn();
        assertThat(Lsn.parse(servers.replica.replayedLsn())).isLessThan(written);
        assertThatThrownBy(() -> store.awaitReplayed(written, Duration.ofMillis(200)))
                .isInstanceOf(ReplicaLagException.class).hasMessageContaining(written.toString());

        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> store.awaitReplayed(written, CATCH_UP));
        Thread.sleep(300);
        assertThat(waiter).as("still waiting while replay is paused").isNotDone();
        assertThat(versions(store, stream)).isEmpty();
        servers.replica.resumeReplay();
        waiter.get(CATCH_UP.toSeconds(), TimeUnit.SECONDS);

        assertThat(versions(store, stream)).as("read right after the wait").containsExactly(1L);
        assertThat(Lsn.parse(servers.replica.replayedLsn()).isAtLeast(written)).isTrue();
        assertThat(primaryOnly.awaitReplication(CATCH_UP)).as("no replica, nothing to wait for").isFalse();
    }

    @Test
    void read_your_writes_holds_for_appends_that_commit_without_waiting_for_the_wal_flush() throws Exception {
        newStores(options());
        try (HikariDataSource asyncCommit = servers.asyncCommitPool();
             PostgresEventStore async = PostgresEventStore.create(asyncCommit, servers.reads(), store.options())) {
            StreamId stream = StreamId.of("async-1");
            for (int i = 0; i < 10; i++) {
                async.append(stream, ExpectedVersion.exactly(i), event(i));
                assertThat(async.awaitReplication(CATCH_UP)).isTrue();
                assertThat(async.currentVersion(stream)).as("read from the replica right after the wait").isEqualTo(i + 1);
            }
        }
    }

    @Test
    void a_wait_returns_when_the_primarys_last_record_ends_exactly_at_a_wal_page_boundary() throws Exception {
        newStores(options());
        // With asynchronous commits the wait is for the insert position, which a page boundary moves.
        try (HikariDataSource asyncCommit = servers.asyncCommitPool();
             PostgresEventStore async = PostgresEventStore.create(asyncCommit, servers.reads(), store.options());
             Connection primary = servers.database.connect()) {
            async.append(StreamId.of("boundary-1"), ExpectedVersion.noStream(), event(1));
            // Pad the WAL with non-transactional messages until its last record ends at the end
            // of a page: the insert position is then past the next page's header, which the
            // replica's replayed position does not reach until another record is written.
            long overhead = -1; // of a message record, measured within one page
            List<Long> positions = new ArrayList<>();
            for (int attempt = 0; attempt < 60 && !pastPageHeader(insertPosition(primary)); attempt++) {
                long at = insertPosition(primary);
                positions.add(at);
                long gap = PAGE - at % PAGE;
                int length = overhead < 0 || gap < overhead + 400 ? 400 : (int) (gap - overhead);
                emitMessage(primary, length);
                long after = insertPosition(primary);
                if (after / PAGE == at / PAGE) {
                    // The smallest overhead seen: a measurement may include a record the
                    // server wrote in between (a running-transactions record, say).
                    long measured = after - at - length;
                    overhead = overhead < 0 ? measured : Math.min(overhead, measured);
                }
            }
            assertThat(pastPageHeader(insertPosition(primary))).as("the WAL ends at a page boundary; positions %s",
                    positions).isTrue();

            long started = System.nanoTime();
            assertThat(async.awaitReplication(Duration.ofSeconds(3))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static final long PAGE = 8192;

    private static long insertPosition(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Right after a page header: 24 bytes, or 40 on a segment's first page. */
    private static boolean pastPageHeader(long position) {
        return position % PAGE == 24 || position % (16L << 20) == 40;
    }

    private static void emitMessage(Connection connection, int length) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_logical_emit_message(false, 'es4j-test', repeat('x', " + length + "))");
        }
    }

    @Test
    void a_stream_read_on_the_replica_never_shows_part_of_a_batch() throws Exception {
        // Pages of 3 events, batches of 5: page boundaries fall inside batches.
        newStores(options().withStreamPageSize(3));
        StreamId stream = StreamId.of("batches-1");
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int batch = 0; batch < 60; batch++) {
                    List<EventData> events = new ArrayList<>();
                    for (int k = 0; k < BATCH; k++) {
                        events.add(event(batch * BATCH + k));
                    }
                    store.append(stream, ExpectedVersion.exactly((long) batch * BATCH), events);
                }
            } finally {
                done.set(true);
            }
        });
        Set<Integer> lengthsSeen = new HashSet<>();
        int reads = 0;
        while (!done.get() || reads < 20) {
            List<Long> versions = versions(store, stream);
            assertThat(versions.size() % BATCH).as("a read of %s events", versions.size()).isZero();
            assertThat(versions).containsExactlyElementsOf(LongStream.rangeClosed(1, versions.size()).boxed().toList());
            lengthsSeen.add(versions.size());
            reads++;
        }
        writer.get();
        assertThat(store.awaitReplication(CATCH_UP)).isTrue();
        assertThat(versions(store, stream)).hasSize(60 * BATCH);
        assertThat(lengthsSeen).as("reads saw the stream grow").hasSizeGreaterThan(2);
    }

    @Test
    void the_repository_reads_its_writes_from_the_replica_and_times_out_with_the_lag_error_while_replay_is_paused() {
        newStores(options());
        AggregateRepository<Tank, Tank.Event> tanks = new AggregateRepository<>(store, Tank.CODEC, Tank.TYPE,
                RepositoryOptions.<Tank>defaults().withReplicationWait(CATCH_UP));
        Tank tank = new Tank("t1");
        tank.fill(10);
        tanks.create(tank, CommandOptions.DEFAULTS);
        // A command right after the creation: its load on the replica may not find the tank yet.
        long version = tanks.execute("t1", CommandOptions.DEFAULTS, t -> t.fill(5)).appended().orElseThrow()
                .streamVersion();
        assertThat(tanks.loadAtLeast("t1", version, CATCH_UP).litres()).isEqualTo(15);

        servers.replica.pauseReplay();
        AppendResult third = tanks.execute("t1", CommandOptions.DEFAULTS, t -> t.fill(1)).appended().orElseThrow();
        assertThat(tanks.load("t1").litres()).as("a plain load shows the replica's state").isEqualTo(15);
        assertThatThrownBy(() -> tanks.loadAtLeast("t1", third.streamVersion(), Duration.ofMillis(300)))
                .isInstanceOf(ReplicaLagException.class);

        servers.replica.resumeReplay();
        Tank loaded = tanks.loadAtLeast("t1", third.streamVersion(), CATCH_UP);
        assertThat(loaded.litres()).isEqualTo(16);
        assertThat(loaded.version()).isEqualTo(3);
    }

    @Test
    void a_command_with_an_idempotency_key_sent_again_while_the_replica_lags_is_not_carried_out_twice() {
        newStores(options());
        AggregateRepository<Tank, Tank.Event> tanks = new AggregateRepository<>(store, Tank.CODEC, Tank.TYPE,
                RepositoryOptions.<Tank>defaults().withReplicationWait(CATCH_UP));
        Tank tank = new Tank("t2");
        tank.fill(1);
        tanks.create(tank, CommandOptions.DEFAULTS);
        CommandOptions once = CommandOptions.DEFAULTS.withIdempotencyKey("fill-2");
        AppendResult first = tanks.execute("t2", once, t -> t.fill(2)).appended().orElseThrow();

        var again = tanks.execute("t2", once, t -> t.fill(2));

        assertThat(again.replayed()).isTrue();
        assertThat(again.appended()).hasValue(first);
        assertThat(primaryOnly.currentVersion(Tank.TYPE.streamId("t2"))).isEqualTo(2);
    }

    private static EventData event(int n) {
        return EventData.of("E", "{\"n\":" + n + "}");
    }

    private static List<Long> versions(StreamReader reader, StreamId stream) {
        try (Stream<RecordedEvent> events = reader.readStream(stream)) {
            return events.map(RecordedEvent::version).toList();
        }
    }
}

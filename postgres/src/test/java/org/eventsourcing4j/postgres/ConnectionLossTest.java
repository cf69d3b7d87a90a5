package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's connections are killed ({@code pg_terminate_backend}, what a failover or a
 * restart does to them) while it works: acknowledged events survive, failed batches are
 * all there or not at all, errors are the retryable "unavailable", and it works again after.
 */
class ConnectionLossTest {
    private static PgTestDatabase database;
    private static PostgresEventStore store;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("loss", 3);
        store = database.store("es_", Clock.systemUTC());
    }

    @AfterAll
    static void dropSchema() {
        store.close();
        database.close();
    }

    /** Appends that run while the connections are killed again and again. */
    private record Run(List<AppendBatch> acknowledged, List<AppendBatch> failed, List<Throwable> unexpected,
                       int killed) {
    }

    @Test
    void without_retries_lost_connections_fail_appends_as_unavailable_but_never_half_written() throws Exception {
        try (PostgresEventStore store = database.store(database.options("bare_").withConnectionRetries(0))) {
            Run run = appendWhileKilling(store, "bare");
            assertThat(run.failed()).as("appends that saw their connection die").isNotEmpty();
            assertSettled(store, run, "bare_");
        }
    }

    @Test
    void with_retries_on_fresh_connections_appends_ride_through_lost_connections() throws Exception {
        Run run = appendWhileKilling(store, "retried");
        assertSettled(store, run, "es_");
        // Every pooled connection is dead now; the pool holds fewer than the retries, so
        // the next append goes through without an error.
        assertThat(database.terminatePoolConnections()).isPositive();
        assertThat(store.append(StreamId.of("after-1"), ExpectedVersion.any(), EventData.of("E", "{}"))
                .streamVersion()).isPositive();
    }

    private Run appendWhileKilling(PostgresEventStore store, String label) throws Exception {
        int writers = 3;
        List<AppendBatch> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<AppendBatch> failed = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                started.countDown();
                for (int i = 0; !stop.get(); i++) {
                    List<EventData> events = new ArrayList<>();
                    for (int k = 0; k < 1 + i % 4; k++) {
                        events.add(EventData.of("E", "{\"w\":" + writer + ",\"i\":" + i + ",\"k\":" + k + "}"));
                    }
                    AppendBatch batch = new AppendBatch(StreamId.of(label + "-" + writer + "-" + i % 5),
                            ExpectedVersion.any(), events);
                    try {
                        store.append(batch);
                        acknowledged.add(batch);
                    } catch (StoreUnavailableException e) {
                        failed.add(batch);
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        started.await();
        int killed = 0;
        for (int round = 0; round < 15; round++) {
            Thread.sleep(40);
            killed += database.terminatePoolConnections();
        }
        Thread.sleep(200);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(unexpected).as("only StoreUnavailableException may escape").isEmpty();
        assertThat(killed).isPositive();
        assertThat(acknowledged).isNotEmpty();
        return new Run(acknowledged, failed, unexpected, killed);
    }

    /** Acknowledged batches are stored, failed ones all or nothing, and a retry settles them. */
    private void assertSettled(PostgresEventStore store, Run run, String prefix) throws Exception {
        for (AppendBatch batch : run.acknowledged()) {
            assertThat(storedCount(batch, prefix)).as("acknowledged batch").isEqualTo(batch.size());
        }
        for (AppendBatch batch : run.failed()) {
            assertThat(storedCount(batch, prefix)).as("failed batch all or nothing").isIn(0L, (long) batch.size());
        }
        for (AppendBatch batch : run.failed()) {
            store.append(batch);
            assertThat(storedCount(batch, prefix)).isEqualTo(batch.size());
        }
        String events = "\"" + database.schema + "\"." + prefix + "events";
        assertThat(database.count("select count(*) - count(distinct event_id) from " + events)).isZero();
        assertThat(database.count("select count(*) from (select stream_id from " + events
                + " group by stream_id having max(version) <> count(*)) as gaps")).as("streams with gaps").isZero();
    }

    @Test
    void a_stream_read_whose_connections_die_between_pages_fails_as_unavailable_without_retries() throws Exception {
        StreamId stream = StreamId.of("read-1");
        try (PostgresEventStore bare = database.store(database.options("read_").withStreamPageSize(10).withConnectionRetries(0))) {
            bare.append(stream, ExpectedVersion.noStream(), hundredEvents());
            try (Stream<RecordedEvent> read = bare.readStream(stream)) {
                Iterator<RecordedEvent> it = read.iterator();
                assertThat(it.next().version()).isEqualTo(1);
                assertThat(database.terminatePoolConnections()).isPositive();
                assertThatThrownBy(() -> it.forEachRemaining(e -> { }))
                        .isInstanceOf(StoreUnavailableException.class);
            }
            assertThat(awaitWorking(() -> bare.currentVersion(stream))).isEqualTo(100);
        }
    }

    @Test
    void a_stream_read_whose_connections_die_between_pages_continues_on_fresh_ones() throws Exception {
        StreamId stream = StreamId.of("read-2");
        try (PostgresEventStore paged = database.store(database.options("read2_").withStreamPageSize(10))) {
            paged.append(stream, ExpectedVersion.noStream(), hundredEvents());
            try (Stream<RecordedEvent> read = paged.readStream(stream)) {
                Iterator<RecordedEvent> it = read.iterator();
                List<Long> versions = new ArrayList<>(List.of(it.next().version()));
                assertThat(database.terminatePoolConnections()).isPositive();
                it.forEachRemaining(e -> versions.add(e.version()));
                assertThat(versions).hasSize(100);
                for (int i = 0; i < versions.size(); i++) {
                    assertThat(versions.get(i)).isEqualTo(i + 1L);
                }
            }
        }
    }

    private static List<EventData> hundredEvents() {
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(EventData.of("E", "{\"i\":" + i + "}"));
        }
        return events;
    }

    /** Without retries, each dead pooled connection fails one operation; the pool then recovers. */
    private static long awaitWorking(java.util.function.LongSupplier operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.getAsLong();
            } catch (StoreUnavailableException e) {
                assertThat(attempt).as("attempts until the pool has only live connections").isLessThan(5);
            }
        }
    }

    private static long storedCount(AppendBatch batch, String prefix) throws Exception {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("select count(*) from \"" + database.schema
                     + "\"." + prefix + "events where event_id = any(?)")) {
            query.setArray(1, connection.createArrayOf("uuid",
                    batch.events().stream().map(EventData::eventId).toArray(UUID[]::new)));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Twelve writers released together by a barrier, round after round, on a few hot streams,
 * with batches of different sizes and every kind of expected version: versions stay dense,
 * each expected version has one winner, and the global log keeps every stream in version
 * order (the (tx_id, position) order agrees with versions).
 */
class RacingWritersTest {
    private static final int WRITERS = 12;
    private static final int ROUNDS = 20;
    private static PgTestDatabase database;
    private static PostgresEventStore store;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("race", WRITERS + 2);
        store = database.store("es_", Clock.systemUTC());
    }

    @AfterAll
    static void dropSchema() {
        store.close();
        database.close();
    }

    @Test
    void racing_writers_on_hot_streams_keep_versions_dense_and_the_log_in_stream_order() throws Exception {
        List<StreamId> hot = List.of(StreamId.of("hot-1"), StreamId.of("hot-2"), StreamId.of("hot-3"));
        for (StreamId stream : hot) {
            store.append(stream, ExpectedVersion.noStream(), EventData.of("Created", "{}"));
        }
        CyclicBarrier barrier = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                StreamId stream = hot.get(round % hot.size());
                long before = store.currentVersion(stream);
                List<Future<AppendResult>> results = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    results.add(pool.submit(() -> {
                        List<EventData> batch = new ArrayList<>();
                        for (int k = 0; k <= writer % 3; k++) {
                            batch.add(EventData.of("Raced", "{\"writer\":" + writer + ",\"k\":" + k + "}"));
                        }
                        // A third of the writers expect the version read before the round, a
                        // third any version, a third an existing stream.
                        ExpectedVersion expected = switch (writer % 3) {
                            case 0 -> ExpectedVersion.exactly(before);
                            case 1 -> ExpectedVersion.any();
                            default -> ExpectedVersion.streamExists();
                        };
                        barrier.await(30, TimeUnit.SECONDS);
                        return store.append(stream, expected, batch);
                    }));
                }
                int exactWinners = 0;
                int succeeded = 0;
                for (int w = 0; w < WRITERS; w++) {
                    try {
                        AppendResult result = results.get(w).get(60, TimeUnit.SECONDS);
                        succeeded++;
                        if (w % 3 == 0) {
                            exactWinners++;
                            assertThat(result.streamVersion()).isEqualTo(before + 1);
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).as("writer %d in round %d", w, round)
                                .isInstanceOf(ConcurrencyConflictException.class);
                        assertThat(w % 3).as("only exact expectations may conflict").isZero();
                    }
                }
                assertThat(exactWinners).as("winners with exactly(%d) in round %d", before, round).isLessThanOrEqualTo(1);
                assertThat(succeeded).isGreaterThanOrEqualTo(WRITERS * 2 / 3);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<StreamId, Long> last = new HashMap<>();
        LogPosition after = LogPosition.START;
        long total = 0;
        for (LogPage page = store.readAll(after, 500); !page.isEmpty(); page = store.readAll(after, 500)) {
            for (RecordedEvent event : page.events()) {
                long previous = last.getOrDefault(event.streamId(), 0L);
                assertThat(event.version()).as("%s in the global log", event.streamId()).isEqualTo(previous + 1);
                last.put(event.streamId(), event.version());
                total++;
            }
            after = page.next();
        }
        for (StreamId stream : hot) {
            assertThat(last.get(stream)).isEqualTo(store.currentVersion(stream));
        }
        assertThat(total).isEqualTo(last.values().stream().mapToLong(Long::longValue).sum());
    }
}

package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.SegmentLayout;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A partitioned projection run by several application instances (child JVMs) on the real
 * PostgreSQL: 3 instances share 8 segments while writers append; one is killed with
 * SIGKILL, another joins, the number of segments changes; the read model then equals a
 * fresh replay of the log and every event took effect exactly once.
 */
class MultiProcessPartitionedProjectionTest {
    private static final String NAME = PartitionedProjectionProcess.NAME;
    private static final Duration HEARTBEAT = Duration.ofMillis(400);
    private static final Duration TIMEOUT = Duration.ofMillis(4000);
    private PgTestDatabase database;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void createSchema() {
        database = PgTestDatabase.create("partition", 16);
    }

    @AfterEach
    void dropSchema() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(20, TimeUnit.SECONDS);
        }
        database.close();
    }

    private PostgresEventStore store() {
        return database.store(database.options("es_").withHorizonWait(Duration.ofMillis(50)));
    }

    @Test
    void three_instances_share_eight_segments_through_a_kill_a_join_and_a_resize() throws Exception {
        try (PostgresEventStore store = store()) {
            JdbcSegmentClaims claims = PartitionedProjectionProcess.claims(store, database.schema);
            claims.layout(NAME, 8);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong appended = new AtomicLong();
            CountDownLatch started = new CountDownLatch(2);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                Thread thread = new Thread(() -> {
                    started.countDown();
                    for (int i = 0; writing.get(); i++) {
                        store.append(StreamId.of("acc-" + writer + "-" + (i % 40)), ExpectedVersion.any(),
                                EventData.of("Deposited", "{}"));
                        appended.incrementAndGet();
                        sleep(5);
                    }
                });
                thread.start();
                writers.add(thread);
            }
            started.await();
            Map<String, AtomicReference<String>> lines = new HashMap<>();
            Map<String, Process> instances = new HashMap<>();
            for (String instance : List.of("a", "b", "c")) {
                instances.put(instance, launch(instance, 8, lines));
            }
            Eventually.until(Duration.ofSeconds(120), () -> shares(lines, List.of("a", "b", "c")).equals(List.of(3, 3, 2))
                            && owners(claims).equals(Set.of("a", "b", "c")),
                    () -> "segments " + lines + ", claims " + claims.claims(NAME));

            // kill -9 one instance while appends go on: its segments move within the claim timeout.
            instances.get("b").destroyForcibly();
            Instant killed = Instant.now();
            assertThat(instances.get("b").waitFor(20, TimeUnit.SECONDS)).isTrue();
            Eventually.until(Duration.ofSeconds(120), () -> shares(lines, List.of("a", "c")).equals(List.of(4, 4))
                            && owners(claims).equals(Set.of("a", "c")) && claims.claims(NAME).size() == 8,
                    () -> "segments " + lines + ", claims " + claims.claims(NAME));
            Duration rebalance = Duration.between(killed, Instant.now());
            System.out.println("REBALANCE after kill -9: " + rebalance.toMillis() + " ms (heartbeat " + HEARTBEAT.toMillis()
                    + " ms, claim timeout " + TIMEOUT.toMillis() + " ms)");
            assertThat(rebalance).isGreaterThanOrEqualTo(TIMEOUT.minus(HEARTBEAT));

            instances.put("d", launch("d", 8, lines));
            Eventually.until(Duration.ofSeconds(120), () -> shares(lines, List.of("a", "c", "d")).equals(List.of(3, 3, 2))
                            && owners(claims).equals(Set.of("a", "c", "d")),
                    () -> "segments " + lines + ", claims " + claims.claims(NAME));

            SegmentLayout five = claims.resize(NAME, 5);
            assertThat(five.priorSegments()).isEqualTo(8);
            Eventually.until(Duration.ofSeconds(120), () -> shares(lines, List.of("a", "c", "d")).equals(List.of(2, 2, 1))
                            && claims.claims(NAME).size() == 5,
                    () -> "segments " + lines + ", claims " + claims.claims(NAME));

            writing.set(false);
            for (Thread writer : writers) {
                writer.join(30_000);
            }
            LogPosition last = store.lastCommittedPosition();
            PartitionedProjection observer = PartitionedProjectionProcess.open(store, database.schema, "observer", 8,
                    HEARTBEAT, TIMEOUT); // not started: it only reads the checkpoints
            assertThat(observer.awaitProcessed(last, Duration.ofSeconds(60))).as("every segment past " + last).isTrue();
            assertThat(observer.status().lagEvents()).isZero();

            assertEqualsAFreshReplay(store, appended.get());
        }
    }

    private void assertEqualsAFreshReplay(PostgresEventStore store, long appended) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        Map<String, long[]> streams = new HashMap<>();
        LogPosition after = LogPosition.START;
        while (true) {
            LogPage page = store.readAll(after, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (RecordedEvent event : page.events()) {
                ids.add(event.eventId());
                long[] stream = streams.computeIfAbsent(event.streamId().value(), s -> new long[2]);
                stream[0]++;
                stream[1] = event.version();
            }
            after = page.next();
        }
        assertThat(ids).hasSize((int) appended);
        String schema = database.schema;
        assertThat(database.count("select count(*) from " + schema + ".applied")).isEqualTo(appended);
        assertThat(database.count("select count(*) from " + schema + ".applied where times <> 1"))
                .as("events applied more than once").isZero();
        assertThat(database.count("select count(*) from " + schema + ".applied where epoch < 1"))
                .as("the handler got the claim's epoch").isZero();
        assertThat(database.count("select count(distinct epoch) from " + schema + ".applied")).isGreaterThan(1);
        Set<UUID> applied = new HashSet<>();
        Map<String, long[]> model = new HashMap<>();
        try (Connection c = database.connect()) {
            try (PreparedStatement select = c.prepareStatement("select event_id from " + schema + ".applied");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    applied.add(rows.getObject(1, UUID.class));
                }
            }
            try (PreparedStatement select = c.prepareStatement("select stream_id, events, last_version, out_of_order from "
                    + schema + ".streams"); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    assertThat(rows.getLong(4)).as("out of order in " + rows.getString(1)).isZero();
                    model.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
                }
            }
        }
        assertThat(applied).isEqualTo(ids);
        assertThat(model.keySet()).isEqualTo(streams.keySet());
        streams.forEach((stream, expected) -> assertThat(model.get(stream)).as(stream).containsExactly(expected));
    }

    private static Set<String> owners(JdbcSegmentClaims claims) {
        Set<String> owners = new HashSet<>();
        claims.claims(NAME).forEach(claim -> owners.add(claim.owner()));
        return owners;
    }

    /** How many segments each instance reports, in descending order. */
    private static List<Integer> shares(Map<String, AtomicReference<String>> lines, List<String> instances) {
        List<Integer> sizes = new ArrayList<>();
        Set<String> all = new HashSet<>();
        for (String instance : instances) {
            AtomicReference<String> line = lines.get(instance);
            String text = line == null ? "" : line.get();
            if (!text.startsWith("SEGMENTS [")) {
                return List.of();
            }
            String inner = text.substring("SEGMENTS [".length(), text.length() - 1).trim();
            List<String> segments = inner.isEmpty() ? List.of() : List.of(inner.split(",\\s*"));
            all.addAll(segments);
            sizes.add(segments.size());
        }
        sizes.sort((x, y) -> Integer.compare(y, x));
        return sizes.stream().mapToInt(Integer::intValue).sum() == all.size() ? sizes : List.of();
    }

    private Process launch(String instance, int segments, Map<String, AtomicReference<String>> lines)
            throws IOException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PartitionedProjectionProcess.class.getName(),
                database.url, database.schema, instance, Integer.toString(segments),
                Long.toString(HEARTBEAT.toMillis()), Long.toString(TIMEOUT.toMillis()))
                .redirectError(Path.of("target", "partitioned-" + instance + ".log").toFile())
                .start();
        children.add(child);
        AtomicReference<String> last = new AtomicReference<>("");
        lines.put(instance, last);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    last.set(line);
                }
            } catch (IOException e) {
                last.set("GONE " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

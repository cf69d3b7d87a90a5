package org.eventsourcing4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.ParkedEvent;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC projection pieces against a real SQLite file. */
class JdbcProjectionTest {
    @TempDir
    Path dir;

    private final InMemoryEventStore store = new InMemoryEventStore();
    private JdbcTransactions transactions;
    private JdbcCheckpointStore checkpoints;

    @BeforeEach
    void database() throws Exception {
        transactions = SqliteFile.transactions(dir.resolve("readmodel.db"));
        checkpoints = new JdbcCheckpointStore(transactions, "checkpoints");
        transactions.inTransaction(c -> {
            try (PreparedStatement create = c.prepareStatement(
                    "create table if not exists counts (stream_id text primary key, events integer not null)")) {
                create.execute();
            }
            return null;
        });
    }

    /** Counts events per stream; fails on demand in the middle of a page. */
    private final AtomicInteger failNext = new AtomicInteger();

    private void count(RecordedEvent event, Connection c) throws SQLException {
        if (failNext.get() > 0 && failNext.decrementAndGet() == 0) {
            throw new IllegalStateException("crash while projecting " + event.eventId());
        }
        try (PreparedStatement upsert = c.prepareStatement("insert into counts (stream_id, events) values (?, 1)"
                + " on conflict (stream_id) do update set events = events + 1")) {
            upsert.setString(1, event.streamId().value());
            upsert.executeUpdate();
        }
    }

    private JdbcProjectionTarget target(String name) {
        return new JdbcProjectionTarget(name, transactions, checkpoints, this::count, c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from counts")) {
                delete.executeUpdate();
            }
        });
    }

    private Map<String, Integer> counts() throws Exception {
        return transactions.inTransaction(c -> {
            Map<String, Integer> counts = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("select stream_id, events from counts");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            return counts;
        });
    }

    private Map<String, Integer> expectedCounts(int streams) {
        Map<String, Integer> expected = new HashMap<>();
        for (int s = 0; s < streams; s++) {
            StreamId id = StreamId.of("acc-" + s);
            expected.put(id.value(), (int) store.currentVersion(id));
        }
        return expected;
    }

    private AppendResult appendMany(int count, int streams) {
        AppendResult last = null;
        for (int i = 0; i < count; i++) {
            last = store.append(StreamId.of("acc-" + (i % streams)), ExpectedVersion.any(),
                    EventData.of("E", "{\"n\":" + i + "}"));
        }
        return last;
    }

    @Test
    void each_event_takes_effect_exactly_once_across_restarts_and_handler_crashes() throws Exception {
        for (int round = 0; round < 8; round++) {
            AppendResult last = appendMany(250, 5);
            failNext.set(round % 2 == 0 ? 37 : 0);
            ProjectionRunner runner = ProjectionRunner.create("counts", store, target("counts"), ProjectionOptions.DEFAULTS.withBatchSize(40 + round)
                            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)));
            runner.start();
            if (round % 3 == 0) {
                assertThat(runner.awaitProcessed(last.lastPosition(), Duration.ofSeconds(30))).isTrue();
            } else {
                Thread.sleep(round);
            }
            runner.close();
        }
        ProjectionRunner last = ProjectionRunner.create("counts", store, target("counts"));
        last.start();
        assertThat(last.awaitProcessed(store.headPosition(), Duration.ofSeconds(30))).isTrue();
        last.close();

        assertThat(counts()).isEqualTo(expectedCounts(5));
        assertThat(checkpoints.load("counts")).isEqualTo(store.headPosition());
    }

    @Test
    void a_second_instance_with_a_stale_checkpoint_applies_nothing() throws Exception {
        AppendResult first = appendMany(3, 1);
        JdbcProjectionTarget a = target("fenced");
        JdbcProjectionTarget b = target("fenced");
        List<RecordedEvent> events = store.readAll(LogPosition.START, 10).events();

        assertThat(a.commit(events, LogPosition.START, first.lastPosition())).isTrue();
        assertThat(b.commit(events, LogPosition.START, first.lastPosition())).isFalse();
        assertThat(counts()).containsEntry("acc-0", 3);
    }

    @Test
    void a_rebuild_resets_the_read_model_and_ends_equal_to_a_fresh_replay() throws Exception {
        appendMany(500, 7);
        ProjectionRunner runner = ProjectionRunner.create("rebuilt", store, target("rebuilt"));
        runner.start();
        Thread writer = new Thread(() -> appendMany(500, 7));
        writer.start();
        runner.rebuild();
        writer.join();
        assertThat(runner.awaitProcessed(store.headPosition(), Duration.ofSeconds(30))).isTrue();
        runner.close();
        assertThat(counts()).isEqualTo(expectedCounts(7));
    }

    @Test
    void parked_events_keep_their_whole_envelope_in_the_dead_letter_table() throws Exception {
        JdbcDeadLetterStore deadLetters = new JdbcDeadLetterStore(transactions, "dead_letters");
        UUID id = UUID.randomUUID();
        Metadata metadata = new Metadata("corr", "cause", Map.of("user", "ada"));
        store.append(StreamId.of("acc-9"), ExpectedVersion.any(),
                new EventData(id, "Poison", 2, "{\"bad\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8), metadata));
        AppendResult last = appendMany(1, 1);
        failNext.set(0);
        JdbcProjectionTarget poisoned = new JdbcProjectionTarget("parking", transactions, checkpoints, (event, c) -> {
            if (event.type().equals("Poison")) {
                throw new IllegalArgumentException("cannot project " + event.type());
            }
            count(event, c);
        }, c -> { });
        ProjectionRunner runner = ProjectionRunner.create("parking", store, poisoned, ProjectionOptions.DEFAULTS.withFailurePolicy(FailurePolicy.PARK, 2)
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1)).withDeadLetters(deadLetters));
        runner.start();
        assertThat(runner.awaitProcessed(last.lastPosition(), Duration.ofSeconds(30))).isTrue();
        runner.close();

        List<ParkedEvent> parked = deadLetters.list("parking");
        assertThat(parked).singleElement().satisfies(p -> {
            assertThat(p.event().eventId()).isEqualTo(id);
            assertThat(p.event().revision()).isEqualTo(2);
            assertThat(p.event().metadata()).isEqualTo(metadata);
            assertThat(p.event().dataAsString()).isEqualTo("{\"bad\":true}");
            assertThat(p.error()).contains("cannot project Poison");
            assertThat(p.attempts()).isEqualTo(2);
            assertThat(p.parkedAt()).isBefore(Instant.now().plusSeconds(1));
        });
        assertThat(counts()).containsEntry("acc-0", 1).doesNotContainKey("acc-9");
        deadLetters.remove("parking", id);
        assertThat(deadLetters.list("parking")).isEmpty();
    }

    @Test
    void a_page_handler_gets_whole_pages_as_one_batch_and_single_events_to_find_the_one_that_fails() throws Exception {
        JdbcDeadLetterStore deadLetters = new JdbcDeadLetterStore(transactions, "dead_letters");
        appendMany(30, 3);
        UUID poison = UUID.randomUUID();
        store.append(StreamId.of("acc-9"), ExpectedVersion.any(), EventData.of(poison, "Poison", "{}"));
        AppendResult last = appendMany(30, 3);
        List<Integer> pageSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        JdbcPageHandler batched = (page, c) -> {
            pageSizes.add(page.size());
            try (PreparedStatement upsert = c.prepareStatement("insert into counts (stream_id, events) values (?, 1)"
                    + " on conflict (stream_id) do update set events = events + 1")) {
                for (RecordedEvent event : page) {
                    if (event.eventId().equals(poison)) {
                        throw new IllegalArgumentException("cannot project " + event.type());
                    }
                    upsert.setString(1, event.streamId().value());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        };
        ProjectionRunner runner = ProjectionRunner.create("pages", store,
                JdbcProjectionTarget.ofPages("pages", transactions, checkpoints, batched, c -> { }),
                ProjectionOptions.DEFAULTS.withBatchSize(20).withFailurePolicy(FailurePolicy.PARK, 1)
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1)).withDeadLetters(deadLetters));
        runner.start();
        assertThat(runner.awaitProcessed(last.lastPosition(), Duration.ofSeconds(30))).isTrue();
        runner.close();

        assertThat(counts()).isEqualTo(Map.of("acc-0", 20, "acc-1", 20, "acc-2", 20));
        assertThat(deadLetters.list("pages")).extracting(p -> p.event().eventId()).containsExactly(poison);
        assertThat(pageSizes).as("whole pages, then one event at a time in the page that failed").contains(20, 1);
        assertThat(pageSizes.stream().filter(size -> size == 20).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void checkpoints_compare_and_set_and_reset() {
        assertThat(checkpoints.load("cp")).isEqualTo(LogPosition.START);
        assertThat(checkpoints.compareAndSet("cp", LogPosition.START, new LogPosition(7, 3))).isTrue();
        assertThat(checkpoints.compareAndSet("cp", LogPosition.START, LogPosition.of(9))).isFalse();
        assertThat(checkpoints.load("cp")).isEqualTo(new LogPosition(7, 3));
        checkpoints.reset("cp");
        assertThat(checkpoints.load("cp")).isEqualTo(LogPosition.START);
    }

    @Test
    void table_names_from_configuration_cannot_inject_sql() {
        assertThatThrownBy(() -> new JdbcCheckpointStore(transactions, "x; drop table counts"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("table name");
        assertThatThrownBy(() -> new JdbcCheckpointStore(transactions, "Checkpoints"))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(new JdbcCheckpointStore(transactions, "main.other_checkpoints").load("x")).isEqualTo(LogPosition.START);
    }
}

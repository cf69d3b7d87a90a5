package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eventsourcing4j.jdbc.InlineProjection;
import org.eventsourcing4j.jdbc.InlineProjectionException;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A read model updated inside the append transaction: never behind, and its failure rolls the append back. */
class PostgresInlineProjectionTest {
    private static PgTestDatabase database;
    private static int tests;
    private PostgresEventStore store;
    private String counts;
    private final List<RecordedEvent> seen = Collections.synchronizedList(new ArrayList<>());
    private Registration registration;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("inline");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @BeforeEach
    void open() throws Exception {
        String prefix = "t" + (++tests) + "_";
        store = database.store(prefix, Clock.systemUTC());
        counts = "\"" + database.schema + "\"." + prefix + "counts";
        store.useTransaction(c -> {
            try (PreparedStatement create = c.prepareStatement(
                    "create table " + counts + " (stream_id text primary key, events integer not null)")) {
                create.execute();
            }
        });
        registration = store.addInlineProjection(new InlineProjection("counts", (event, c) -> {
            if (event.type().equals("Refused")) {
                throw new IllegalStateException("the read model refuses " + event.type());
            }
            try (PreparedStatement upsert = c.prepareStatement("insert into " + counts + " values (?, 1)"
                    + " on conflict (stream_id) do update set events = " + counts + ".events + 1")) {
                upsert.setString(1, event.streamId().value());
                upsert.executeUpdate();
            }
            seen.add(event);
        }));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private int count(String stream) throws Exception {
        return store.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select events from " + counts + " where stream_id = ?")) {
                select.setString(1, stream);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getInt(1) : 0;
                }
            }
        });
    }

    @Test
    void the_read_model_is_updated_in_the_append_transaction_with_the_real_events() throws Exception {
        store.append(StreamId.of("acc-1"), ExpectedVersion.noStream(),
                List.of(EventData.of("E", "{\"n\": 1}"), EventData.of("E", "{\"n\": 2}"), EventData.of("E", "{}")));
        store.append(StreamId.of("acc-2"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
        assertThat(count("acc-1")).isEqualTo(3);
        assertThat(count("acc-2")).isEqualTo(1);

        List<RecordedEvent> stored = Eventually.log(store, 4);
        assertThat(seen).hasSize(4);
        for (int i = 0; i < stored.size(); i++) {
            RecordedEvent read = stored.get(i);
            RecordedEvent inline = seen.get(i);
            assertThat(inline.eventId()).isEqualTo(read.eventId());
            assertThat(inline.position()).isEqualTo(read.position());
            assertThat(inline.logPosition()).isEqualTo(read.logPosition());
            assertThat(inline.version()).isEqualTo(read.version());
            assertThat(inline.streamId()).isEqualTo(read.streamId());
            assertThat(inline.recordedAt()).isEqualTo(read.recordedAt());
        }
    }

    @Test
    void concurrent_batches_give_each_event_its_stored_position() throws Exception {
        int writers = 4;
        int rounds = 20;
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(writers);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < writers; w++) {
            StreamId stream = StreamId.of("writer-" + w);
            Thread thread = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        barrier.await();
                        store.append(stream, ExpectedVersion.any(), List.of(EventData.of("E", "{}"),
                                EventData.of("E", "{}"), EventData.of("E", "{}"), EventData.of("E", "{}")));
                    }
                } catch (Throwable t) {
                    failures.add(t);
                    barrier.reset();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertThat(failures).isEmpty();
        java.util.Map<java.util.UUID, RecordedEvent> inline = new java.util.HashMap<>();
        for (RecordedEvent event : seen) {
            assertThat(inline.put(event.eventId(), event)).isNull();
        }
        List<RecordedEvent> stored = Eventually.log(store, writers * rounds * 4);
        assertThat(stored).hasSize(writers * rounds * 4);
        for (RecordedEvent read : stored) {
            RecordedEvent projected = inline.get(read.eventId());
            assertThat(projected).isNotNull();
            assertThat(projected.logPosition()).isEqualTo(read.logPosition());
            assertThat(projected.version()).isEqualTo(read.version());
        }
        for (int w = 0; w < writers; w++) {
            assertThat(count("writer-" + w)).isEqualTo(rounds * 4);
        }
    }

    @Test
    void a_failing_inline_projection_rolls_the_whole_batch_back_and_later_appends_work() throws Exception {
        store.append(StreamId.of("acc-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));

        assertThatThrownBy(() -> store.append(StreamId.of("acc-1"), ExpectedVersion.exactly(1),
                List.of(EventData.of("E", "{}"), EventData.of("Refused", "{}"))))
                .isInstanceOfSatisfying(InlineProjectionException.class, e -> {
                    assertThat(e.projection()).isEqualTo("counts");
                    assertThat(e).hasMessageContaining("Refused at acc-1@3").hasMessageContaining("rolled back");
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                });

        assertThat(store.currentVersion(StreamId.of("acc-1"))).isEqualTo(1);
        assertThat(Eventually.log(store, 1)).hasSize(1);
        assertThat(count("acc-1")).isEqualTo(1);

        store.append(StreamId.of("acc-1"), ExpectedVersion.exactly(1), EventData.of("E", "{}"));
        assertThat(count("acc-1")).isEqualTo(2);
        assertThat(Eventually.log(store, 2)).hasSize(2);
    }

    @Test
    void conflicts_and_idempotent_retries_run_no_handler() throws Exception {
        EventData event = EventData.of("E", "{}");
        store.append(StreamId.of("acc-1"), ExpectedVersion.noStream(), event);
        store.append(StreamId.of("acc-1"), ExpectedVersion.noStream(), event); // the same batch again
        assertThatThrownBy(() -> store.append(StreamId.of("acc-1"), ExpectedVersion.noStream(), EventData.of("E", "{}")))
                .isInstanceOf(org.eventsourcing4j.store.ConcurrencyConflictException.class);
        assertThat(count("acc-1")).isEqualTo(1);
        assertThat(seen).hasSize(1);
    }

    @Test
    void a_removed_inline_projection_no_longer_runs() throws Exception {
        store.append(StreamId.of("acc-1"), ExpectedVersion.any(), EventData.of("E", "{}"));
        registration.close();
        store.append(StreamId.of("acc-1"), ExpectedVersion.any(), EventData.of("Refused", "{}"));
        assertThat(count("acc-1")).isEqualTo(1);
        assertThat(store.currentVersion(StreamId.of("acc-1"))).isEqualTo(2);
    }
}

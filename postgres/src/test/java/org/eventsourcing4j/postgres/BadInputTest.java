package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.DuplicateEventIdException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JSON that {@code jsonb} refuses is refused before the database, as the core's
 * {@link InvalidArgumentException}, and breaks nothing: not the store, not a caller's open
 * transaction. Also: what {@code jsonb} normalizes, and how retries are recognized anyway.
 */
class BadInputTest {
    /** Each is valid JSON that PostgreSQL's jsonb refuses. */
    private static final List<String> JSONB_REFUSES = List.of(
            "{\"a\":\"\\u0000\"}", "{\"\\u0000\":1}", "{\"a\":\"x\\u0000y\"}", "{\"a\":\"\\ud800\"}",
            "{\"a\":1e131072}", "{\"a\":1.0e-16383}", "{\"nested\":{\"deep\":[1,\"\\u0000\"]}}");

    private static PgTestDatabase database;
    private static PostgresEventStore store;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("input");
        store = database.store("es_", Clock.systemUTC());
    }

    @AfterAll
    static void dropSchema() {
        store.close();
        database.close();
    }

    @Test
    void json_that_jsonb_refuses_is_refused_before_the_database_and_the_store_keeps_working() throws Exception {
        StreamId stream = StreamId.of("bad-1");
        for (String json : JSONB_REFUSES) {
            assertThatThrownBy(() -> store.append(stream, ExpectedVersion.any(), EventData.of("E", json)))
                    .as(json).isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.argument()).startsWith("event data"));
        }
        assertThat(database.count("select count(*) from \"" + database.schema + "\".es_events"
                + " where stream_id = 'bad-1'")).isZero();
        assertThat(store.append(stream, ExpectedVersion.noStream(), EventData.of("E", "{\"ok\":\"\\u0001\"}"))
                .streamVersion()).isEqualTo(1);
    }

    @Test
    void a_refused_payload_does_not_break_the_callers_open_transaction() throws Exception {
        StreamId stream = StreamId.of("tx-1");
        try (Connection connection = database.dataSource.getConnection()) {
            connection.setAutoCommit(false);
            store.appendInTransaction(connection, AppendBatch.of(stream, ExpectedVersion.noStream(),
                    EventData.of("E", "{\"n\":1}")));
            for (String json : JSONB_REFUSES) {
                assertThatThrownBy(() -> store.appendInTransaction(connection,
                        AppendBatch.of(stream, ExpectedVersion.exactly(1), EventData.of("E", json))))
                        .isInstanceOf(InvalidArgumentException.class);
            }
            // A conflict inside the transaction leaves it usable too (it runs under a savepoint).
            EventData first = EventData.of("E", "{\"n\":2}");
            store.appendInTransaction(connection, AppendBatch.of(stream, ExpectedVersion.exactly(1), first));
            assertThatThrownBy(() -> store.appendInTransaction(connection, AppendBatch.of(StreamId.of("other-1"),
                    ExpectedVersion.noStream(), EventData.of(first.eventId(), "E", "{\"n\":3}"))))
                    .isInstanceOf(DuplicateEventIdException.class);
            store.appendInTransaction(connection, AppendBatch.of(stream, ExpectedVersion.exactly(2),
                    EventData.of("E", "{\"n\":4}")));
            connection.commit();
        }
        assertThat(store.currentVersion(stream)).isEqualTo(3);
        assertThat(store.currentVersion(StreamId.of("other-1"))).isZero();
    }

    @Test
    void payloads_come_back_as_jsonb_normalized_them_and_retries_are_recognized_by_json_value() {
        StreamId stream = StreamId.of("normalized-1");
        UUID id = UUID.randomUUID();
        Metadata metadata = new Metadata("corr", null, Map.of("b", "2", "a", "1"));
        EventData original = new EventData(id, "E", 1,
                "{ \"b\" : 1.0e2, \"a\" : [ true , null ] }".getBytes(StandardCharsets.UTF_8), metadata);
        AppendResult first = store.append(stream, ExpectedVersion.noStream(), original);

        RecordedEvent stored;
        try (var events = store.readStream(stream)) {
            stored = events.findFirst().orElseThrow();
        }
        assertThat(stored.dataAsString()).isEqualTo("{\"a\": [true, null], \"b\": 100}");
        assertThat(stored.metadata()).isEqualTo(metadata);

        // The same JSON value spelled differently is the same event: an idempotent retry.
        EventData respelled = new EventData(id, "E", 1,
                "{\"a\":[true,null],\"b\":100}".getBytes(StandardCharsets.UTF_8), metadata);
        assertThat(store.append(stream, ExpectedVersion.noStream(), respelled)).isEqualTo(first);
        // A different value is not.
        EventData changed = new EventData(id, "E", 1,
                "{\"a\":[true,null],\"b\":101}".getBytes(StandardCharsets.UTF_8), metadata);
        assertThatThrownBy(() -> store.append(stream, ExpectedVersion.noStream(), changed))
                .isInstanceOf(DuplicateEventIdException.class);
        assertThatThrownBy(() -> store.append(stream, ExpectedVersion.noStream(),
                original.withMetadata(metadata.withHeader("c", "3"))))
                .isInstanceOf(DuplicateEventIdException.class);
        assertThat(store.currentVersion(stream)).isEqualTo(1);
    }

    @Test
    void positions_carry_the_transaction_id_and_parse_back() {
        AppendResult result = store.append(StreamId.of("pos-1"), ExpectedVersion.any(), EventData.of("E", "{}"));
        assertThat(result.lastPosition().txId()).isPositive();
        assertThat(result.lastPosition().asString()).contains(":");
        assertThat(LogPosition.parse(result.lastPosition().asString())).isEqualTo(result.lastPosition());
    }
}

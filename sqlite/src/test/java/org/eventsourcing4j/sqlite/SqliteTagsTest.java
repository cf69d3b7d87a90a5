package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.ErasureRequest;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tags on SQLite beyond the DCB suite: the schema upgrade, and the tag index through the stream lifecycle. */
class SqliteTagsTest {
    private static final EventQuery ACCOUNT_1 = EventQuery.of(QueryItem.tags("account:1"));

    @TempDir
    Path directory;

    @Test
    void a_database_of_schema_version_2_is_upgraded_and_its_events_read_without_tags() throws Exception {
        Path file = directory.resolve("old.db");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            store.append(StreamId.of("old-1"), ExpectedVersion.noStream(), EventData.of("Old", "{}"));
        }
        // Back to what version 2 of the schema was: no tags column, no tag index, no type index.
        for (String undo : List.of("DROP TRIGGER es_events_index_tags", "DROP TRIGGER es_events_unindex_tags",
                "DROP TABLE es_event_tags", "DROP INDEX es_events_by_type", "ALTER TABLE es_events DROP COLUMN tags",
                "ALTER TABLE es_archived_events DROP COLUMN tags",
                "UPDATE es_schema SET version = 2 WHERE component = 'events'")) {
            TestLogs.execute(file, undo);
        }

        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            assertThat(TestLogs.wholeLog(store)).singleElement().satisfies(e -> assertThat(e.tags()).isEmpty());
            store.append(StreamId.of("new-1"), ExpectedVersion.noStream(),
                    EventData.of("New", "{}").withTags("account:1"));
            assertThat(query(store, ACCOUNT_1)).extracting(RecordedEvent::type).containsExactly("New");
        }
        assertThat(TestLogs.longQuery(file, "SELECT version FROM es_schema WHERE component = 'events'")).isEqualTo(3);
    }

    @Test
    void archiving_restoring_and_erasing_keep_the_tag_index_in_step_with_the_log() throws Exception {
        Path file = directory.resolve("lifecycle.db");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            StreamId account = StreamId.of("account-1");
            store.append(account, ExpectedVersion.noStream(), EventData.of("Opened", "{}").withTags("account:1"),
                    EventData.of("Renamed", "{}").withTags("account:1", "name:ada"));
            var lifecycle = store.lifecycle().orElseThrow();

            lifecycle.archive(account);
            assertThat(query(store, ACCOUNT_1)).isEmpty();
            assertThat(store.readStream(account).toList()).extracting(e -> e.tags().size()).containsExactly(1, 2);

            lifecycle.restore(account);
            assertThat(query(store, ACCOUNT_1)).extracting(RecordedEvent::version).containsExactly(1L, 2L);
            assertThat(query(store, EventQuery.of(QueryItem.tags("name:ada")))).hasSize(1);

            lifecycle.hardDelete(account, new ErasureRequest("test", "right to erasure"));
            assertThat(query(store, ACCOUNT_1)).isEmpty();
        }
        assertThat(TestLogs.longQuery(file, "SELECT count(*) FROM es_event_tags")).isZero();
    }

    @Test
    void tags_appended_in_the_callers_transaction_are_stored_and_queried() throws Exception {
        Path file = directory.resolve("tx.db");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            try (Connection connection = TestLogs.raw(file)) {
                connection.setAutoCommit(false);
                store.appendInTransaction(connection, AppendBatch.of(StreamId.of("a-1"), ExpectedVersion.noStream(),
                        EventData.of("Opened", "{}").withTags("account:1")));
                connection.commit();
            }
            assertThat(query(store, ACCOUNT_1)).singleElement()
                    .satisfies(e -> assertThat(e.tags()).containsExactly("account:1"));
            assertThat(store.readEvent(query(store, ACCOUNT_1).get(0).eventId()).orElseThrow().tags())
                    .containsExactly("account:1");
            assertThat(store.readAll(LogPosition.START, 10).events().get(0).tags()).containsExactly("account:1");
        }
    }

    private static List<RecordedEvent> query(SqliteEventStore store, EventQuery query) {
        ConsistencyBoundaries dcb = store.consistencyBoundaries().orElseThrow();
        try (Stream<RecordedEvent> events = dcb.read(query, LogPosition.START)) {
            return events.toList();
        }
    }
}

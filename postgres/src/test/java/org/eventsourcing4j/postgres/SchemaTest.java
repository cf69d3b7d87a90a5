package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.AppendConditionFailedException;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema names, migrations, and many instances starting at once. */
class SchemaTest {
    private static PgTestDatabase database;

    @BeforeAll
    static void createPool() {
        database = PgTestDatabase.create("schema", 16);
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void refuses_schema_names_and_prefixes_that_could_inject_sql_or_break_identifiers() {
        for (String bad : List.of("", "Public", "a-b", "x\"y", "x; drop table t", "1abc", "pg_catalog",
                "a".repeat(41), "sch ema", "é")) {
            assertThatThrownBy(() -> PostgresSchema.of(bad, "es_")).as(bad)
                    .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("schema"));
        }
        for (String bad : List.of("A_", "x-", "1_", "a\"", "p".repeat(17), "x y")) {
            assertThatThrownBy(() -> PostgresSchema.of("ok", bad)).as(bad)
                    .isInstanceOfSatisfying(InvalidArgumentException.class,
                            e -> assertThat(e.argument()).isEqualTo("table prefix"));
        }
        assertThatThrownBy(() -> PostgresSchema.of(null, "")).isInstanceOf(InvalidArgumentException.class);
        assertThat(PostgresSchema.of("select", "").qualified("events")).isEqualTo("\"select\".\"events\"");
        assertThat(PostgresSchema.of("a".repeat(40), "p".repeat(16)).channel().length()).isLessThanOrEqualTo(63);
    }

    @Test
    void a_reserved_word_as_schema_and_an_empty_prefix_work() throws Exception {
        String schema = "order_" + database.schema.substring(database.schema.length() - 8);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            try (PostgresEventStore store = PostgresEventStore.create(database.dataSource, PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "")))) {
                store.append(StreamId.of("s-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
                assertThat(store.currentVersion(StreamId.of("s-1"))).isEqualTo(1);
            } finally {
                statement.execute("drop schema if exists \"" + schema + "\" cascade");
            }
        }
    }

    @Test
    void many_instances_starting_at_once_on_a_new_schema_all_succeed_and_migrate_once() throws Exception {
        int instances = 10;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            for (int round = 0; round < 5; round++) {
                String prefix = "race" + round + "_";
                CountDownLatch start = new CountDownLatch(1);
                List<Future<PostgresEventStore>> started = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    started.add(pool.submit(() -> {
                        start.await();
                        return database.store(prefix, Clock.systemUTC());
                    }));
                }
                start.countDown();
                for (Future<PostgresEventStore> future : started) {
                    try (PostgresEventStore store = future.get(60, TimeUnit.SECONDS)) {
                        assertThat(store.currentVersion(StreamId.of("nothing"))).isZero();
                    }
                }
                assertThat(database.count("select count(*) from \"" + database.schema + "\"." + prefix
                        + "schema where component = 'events' and version = 7")).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_second_start_changes_nothing_and_schema_checking_mode_needs_the_tables() throws Exception {
        try (PostgresEventStore first = database.store("again_", Clock.systemUTC())) {
            first.append(StreamId.of("kept-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
        }
        try (PostgresEventStore second = database.store(database.options("again_").withCreateSchema(false))) {
            assertThat(second.currentVersion(StreamId.of("kept-1"))).isEqualTo(1);
        }
        try (PostgresEventStore third = database.store("again_", Clock.systemUTC())) {
            assertThat(third.currentVersion(StreamId.of("kept-1"))).isEqualTo(1);
        }
        assertThatThrownBy(() -> database.store(database.options("missing_").withCreateSchema(false)))
                .isInstanceOf(StorageException.class).hasMessageContaining("version 0");
    }

    @Test
    void a_schema_newer_than_the_library_is_refused() throws Exception {
        database.store("newer_", Clock.systemUTC()).close();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("update \"" + database.schema + "\".newer_schema set version = 99"
                    + " where component = 'events'");
        }
        assertThatThrownBy(() -> database.store("newer_", Clock.systemUTC()))
                .isInstanceOf(StorageException.class).hasMessageContaining("newer");
        assertThatThrownBy(() -> database.store(database.options("newer_").withCreateSchema(false)))
                .isInstanceOf(StorageException.class).hasMessageContaining("newer");
    }

    @Test
    void a_schema_of_the_earlier_version_table_is_carried_over_without_recreating_anything() throws Exception {
        try (PostgresEventStore first = database.store("legacy_", Clock.systemUTC())) {
            first.append(StreamId.of("old-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
        }
        String schema = "\"" + database.schema + "\".";
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            // What stores before the shared history recorded: one table of the events schema's versions.
            statement.execute("drop table " + schema + "legacy_schema");
            statement.execute("create table " + schema + "legacy_schema_version (version int primary key,"
                    + " description text not null, applied_at timestamptz not null default now())");
            statement.execute("insert into " + schema + "legacy_schema_version (version, description)"
                    + " values (1, 'events table and global-log index')");
        }
        try (PostgresEventStore again = database.store("legacy_", Clock.systemUTC())) {
            assertThat(again.currentVersion(StreamId.of("old-1"))).isEqualTo(1);
        }
        // carried over at 1, then migrations 2 (stream lifecycle), 3 (tags), 4 (the locked append), 5
        // (the one-event locked append), 6 and 7 (both again, cheaper) applied
        assertThat(database.count("select version from " + schema + "legacy_schema where component = 'events'"))
                .isEqualTo(7);
    }

    @Test
    void a_schema_of_version_2_gets_tags_and_its_events_read_without_tags() throws Exception {
        try (PostgresEventStore first = database.store("untagged_", Clock.systemUTC())) {
            first.append(StreamId.of("old-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
        }
        String schema = "\"" + database.schema + "\".";
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            // What version 2 of the schema was: no tags column, no tag index.
            statement.execute("alter table " + schema + "untagged_events drop column tags");
            statement.execute("alter table " + schema + "untagged_archived_events drop column tags");
            statement.execute("update " + schema + "untagged_schema set version = 2 where component = 'events'");
        }
        try (PostgresEventStore again = database.store("untagged_", Clock.systemUTC())) {
            assertThat(again.readStream(StreamId.of("old-1")).toList()).singleElement()
                    .satisfies(e -> assertThat(e.tags()).isEmpty());
            again.append(StreamId.of("new-1"), ExpectedVersion.noStream(), EventData.of("E", "{}").withTags("t:1"));
            try (var tagged = again.consistencyBoundaries().orElseThrow().read(
                    org.eventsourcing4j.store.dcb.EventQuery.of(org.eventsourcing4j.store.dcb.QueryItem.tags("t:1")),
                    org.eventsourcing4j.store.LogPosition.START)) {
                assertThat(tagged.toList()).extracting(e -> e.streamId().value()).containsExactly("new-1");
            }
        }
        assertThat(database.count("select version from " + schema + "untagged_schema where component = 'events'"))
                .isEqualTo(7);
        assertThat(database.count("select count(*) from pg_indexes where schemaname = '" + database.schema
                + "' and indexname = 'untagged_events_tags'")).isEqualTo(1);
    }

    @Test
    void a_schema_of_version_4_gets_the_one_event_function_and_conditions_still_find_its_tagged_events()
            throws Exception {
        EventQuery query = EventQuery.of(QueryItem.tags("seat:1"));
        LogPosition first;
        try (PostgresEventStore before = database.store("v4_", Clock.systemUTC())) {
            first = before.append(StreamId.of("old-1"), ExpectedVersion.noStream(),
                    EventData.of("Booked", "{}").withTags("seat:1")).lastPosition();
        }
        String schema = "\"" + database.schema + "\".";
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            // What version 4 of the schema was: the locked append for any batches, no one-event function.
            statement.execute("drop function " + schema + "v4_append_one_locked");
            statement.execute("update " + schema + "v4_schema set version = 4 where component = 'events'");
        }
        try (PostgresEventStore again = database.store("v4_", Clock.systemUTC())) {
            ConsistencyBoundaries dcb = again.consistencyBoundaries().orElseThrow();
            // The event stored before the migration fails a condition from the start: one event, then two.
            assertThatThrownBy(() -> dcb.append(AppendBatch.of(StreamId.of("new-1"), ExpectedVersion.noStream(),
                    EventData.of("Booked", "{}").withTags("seat:1")), new AppendCondition(query, LogPosition.START)))
                    .isInstanceOfSatisfying(AppendConditionFailedException.class,
                            e -> assertThat(e.conflictingPosition()).isEqualTo(first));
            assertThatThrownBy(() -> dcb.append(AppendBatch.of(StreamId.of("new-1"), ExpectedVersion.noStream(),
                    EventData.of("Booked", "{}").withTags("seat:1"), EventData.of("Paid", "{}").withTags("seat:1")),
                    new AppendCondition(query, LogPosition.START))).isInstanceOf(AppendConditionFailedException.class);
            // After its position the condition holds, and the new event is found by the next one.
            LogPosition second = dcb.append(AppendBatch.of(StreamId.of("new-1"), ExpectedVersion.noStream(),
                    EventData.of("Booked", "{}").withTags("seat:1")), new AppendCondition(query, first)).lastPosition();
            assertThatThrownBy(() -> dcb.append(AppendBatch.of(StreamId.of("new-2"), ExpectedVersion.noStream(),
                    EventData.of("Booked", "{}").withTags("seat:1")), new AppendCondition(query, first)))
                    .isInstanceOfSatisfying(AppendConditionFailedException.class,
                            e -> assertThat(e.conflictingPosition()).isEqualTo(second));
            assertThat(dcb.decide(query).events()).extracting(e -> e.streamId().value())
                    .containsExactly("old-1", "new-1");
        }
        assertThat(database.count("select version from " + schema + "v4_schema where component = 'events'"))
                .isEqualTo(7);
        assertThat(database.count("select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                + " where n.nspname = '" + database.schema + "' and p.proname = 'v4_append_one_locked'")).isEqualTo(1);
    }

    @Test
    void a_schema_of_version_6_gets_tagged_appends_whose_plans_never_scan_the_table_whole() throws Exception {
        String functions = "select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                + " where n.nspname = '" + database.schema + "' and p.proname in ('v6_append_locked',"
                + " 'v6_append_one_locked')";
        String withoutSeqScans = functions + " and 'enable_seqscan=off' = any(p.proconfig)";
        try (PostgresEventStore before = database.store("v6_", Clock.systemUTC())) {
            before.append(StreamId.of("old-1"), ExpectedVersion.noStream(), EventData.of("Booked", "{}").withTags("seat:1"));
        }
        assertThat(database.count(withoutSeqScans)).as("a new store's functions").isEqualTo(2);
        String schema = "\"" + database.schema + "\".";
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            // What version 6 was: the same functions, sequential scans allowed.
            statement.execute("do $$ declare f regprocedure; begin for f in " + functions.replace("count(*)", "p.oid")
                    + " loop execute format('alter function %s reset enable_seqscan', f); end loop; end $$");
            statement.execute("update " + schema + "v6_schema set version = 6 where component = 'events'");
        }
        assertThat(database.count(withoutSeqScans)).as("version 6's functions").isZero();
        try (PostgresEventStore again = database.store("v6_", Clock.systemUTC())) {
            ConsistencyBoundaries dcb = again.consistencyBoundaries().orElseThrow();
            EventQuery query = EventQuery.of(QueryItem.tags("seat:1"));
            assertThatThrownBy(() -> dcb.append(AppendBatch.of(StreamId.of("new-1"), ExpectedVersion.noStream(),
                    EventData.of("Booked", "{}").withTags("seat:1")), new AppendCondition(query, LogPosition.START)))
                    .isInstanceOf(AppendConditionFailedException.class);
        }
        assertThat(database.count("select version from " + schema + "v6_schema where component = 'events'"))
                .isEqualTo(7);
        assertThat(database.count(withoutSeqScans)).as("after migration 7").isEqualTo(2);
    }
}

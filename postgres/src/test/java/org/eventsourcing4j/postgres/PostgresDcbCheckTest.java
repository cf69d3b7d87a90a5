package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.AppendConditionFailedException;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two ways the store's function checks a condition's tag items: by reading the few
 * events after the position (when the newest event is close to it), or through the tags'
 * GIN index (the log's start, or more events after the position than the function reads).
 * Each case runs with {@code between} other events between the condition's position and
 * the matching event, below and above the function's limit of 64, and with the log's start
 * as the position, so that a check that only read the recent events, or only the index,
 * fails one of them.
 */
class PostgresDcbCheckTest {
    private static PgTestDatabase database;
    private static int stores;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("dcbcheck");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    /** An event (the position), {@code between} tagged events of other tags, the match, one more event. */
    private record Log(ConsistencyBoundaries dcb, LogPosition before, LogPosition match) {
    }

    private static Log log(PostgresEventStore store, EventData match, int between) {
        LogPosition before = store.append(StreamId.of("other-0"), ExpectedVersion.noStream(),
                EventData.of("Noted", "{}")).lastPosition();
        if (between > 0) {
            List<EventData> events = new ArrayList<>();
            for (int i = 0; i < between; i++) {
                events.add(EventData.of("Noted", "{}").withTags("noise:" + i));
            }
            store.append(StreamId.of("other-1"), ExpectedVersion.noStream(), events);
        }
        LogPosition matched = store.append(StreamId.of("seat-1"), ExpectedVersion.noStream(), match).lastPosition();
        store.append(StreamId.of("other-0"), ExpectedVersion.exactly(1), EventData.of("Noted", "{}"));
        return new Log(store.consistencyBoundaries().orElseThrow(), before, matched);
    }

    private static PostgresEventStore store() {
        return database.store("c" + (++stores) + "_", Clock.systemUTC());
    }

    private static AppendBatch booking(String stream) {
        return AppendBatch.of(StreamId.of(stream), ExpectedVersion.noStream(),
                EventData.of("Booked", "{}").withTags("seat:1"));
    }

    @ParameterizedTest(name = "{0} events between")
    @ValueSource(ints = {0, 5, 63, 64, 65, 200})
    void a_tag_item_finds_the_match_however_many_events_are_between(int between) {
        try (PostgresEventStore store = store()) {
            Log log = log(store, EventData.of("Booked", "{}").withTags("seat:1"), between);
            EventQuery query = EventQuery.of(QueryItem.tags("seat:1"));
            for (LogPosition after : List.of(log.before(), LogPosition.START)) {
                assertThatThrownBy(() -> log.dcb().append(booking("seat-2"), new AppendCondition(query, after)))
                        .as("after %s", after)
                        .isInstanceOfSatisfying(AppendConditionFailedException.class,
                                e -> assertThat(e.conflictingPosition()).isEqualTo(log.match()));
            }
            // Two batches go through the other function; the same check.
            assertThatThrownBy(() -> log.dcb().appendAll(List.of(booking("seat-2"), booking("seat-3")),
                    new AppendCondition(query, log.before()))).isInstanceOf(AppendConditionFailedException.class);
            // After the match nothing matches: both functions write.
            log.dcb().append(booking("seat-2"), new AppendCondition(query, log.match()));
            assertThat(store.currentVersion(StreamId.of("seat-2"))).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} events between")
    @ValueSource(ints = {0, 5, 70})
    void types_and_several_tags_and_items_are_checked_both_ways(int between) {
        try (PostgresEventStore store = store()) {
            Log log = log(store, EventData.of("Cancelled", "{}").withTags("seat:1", "show:7"), between);
            LogPosition after = log.before();
            // Tags of the match but another type, or a tag it lacks: no match, the append is written.
            log.dcb().append(booking("seat-2"), new AppendCondition(EventQuery.of(
                    new QueryItem(Set.of("Booked"), Set.of("seat:1"))), after));
            log.dcb().append(booking("seat-3"), new AppendCondition(EventQuery.of(
                    QueryItem.tags("seat:1", "show:8")), after));
            // Its type, both its tags, or a second item that matches: refused.
            for (EventQuery query : List.of(EventQuery.of(new QueryItem(Set.of("Booked", "Cancelled"), Set.of("seat:1"))),
                    EventQuery.of(QueryItem.tags("seat:1", "show:7")),
                    EventQuery.of(QueryItem.tags("seat:9"), new QueryItem(Set.of("Cancelled"), Set.of("show:7"))))) {
                assertThatThrownBy(() -> log.dcb().append(booking("seat-4"), new AppendCondition(query, after)))
                        .as("%s", query)
                        .isInstanceOfSatisfying(AppendConditionFailedException.class,
                                e -> assertThat(e.conflictingPosition()).isEqualTo(log.match()));
            }
            assertThat(store.currentVersion(StreamId.of("seat-4"))).isZero();
        }
    }

    @ParameterizedTest(name = "{0} events between")
    @ValueSource(ints = {0, 5, 70})
    void tags_and_types_with_quotes_and_backslashes_bind_as_they_are(int between) {
        try (PostgresEventStore store = store()) {
            String tag = "seat:\"1\\{a,b}'";
            Log log = log(store, EventData.of("Booked \"x\"", "{}").withTags(tag), between);
            EventQuery query = EventQuery.of(new QueryItem(Set.of("Booked \"x\""), Set.of(tag)));
            assertThatThrownBy(() -> log.dcb().append(booking("seat-2"), new AppendCondition(query, log.before())))
                    .isInstanceOfSatisfying(AppendConditionFailedException.class,
                            e -> assertThat(e.conflictingPosition()).isEqualTo(log.match()));
            // A tag that differs only by what escaping could lose does not match.
            log.dcb().append(booking("seat-3"), new AppendCondition(EventQuery.of(
                    QueryItem.tags("seat:\"1{a,b}'")), log.before()));
            assertThat(log.dcb().decide(query).events()).extracting(e -> e.tags()).containsExactly(Set.of(tag));
        }
    }

    @org.junit.jupiter.api.Test
    void the_functions_run_without_jit() throws Exception {
        try (PostgresEventStore store = store()) {
            assertThat(database.count("select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                    + " where n.nspname = '" + database.schema + "' and p.proname in ('c" + stores
                    + "_append_locked', 'c" + stores + "_append_one_locked')"
                    + " and 'jit=off' = any(p.proconfig)")).isEqualTo(2);
        }
    }
}

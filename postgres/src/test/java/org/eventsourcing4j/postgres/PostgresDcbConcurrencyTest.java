package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.dcb.AppendConditionFailedException;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.Decision;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;
import org.eventsourcing4j.testkit.Race;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What DcbContract cannot show on PostgreSQL: plain appends of tagged events racing
 * conditional ones (the plain writer takes the tags' locks too), a matching event committed
 * above a held transaction-id horizon (the check reads the table, not the horizon-limited
 * log), and type-only items (the table lock) against plain untagged appends.
 */
class PostgresDcbConcurrencyTest {
    private static final int ROUNDS = 12;
    private static PgTestDatabase database;
    private static int tests;
    private PostgresEventStore store;
    private ConsistencyBoundaries dcb;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("dcbrace", 20);
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @BeforeEach
    void newStore() {
        store = database.store(database.options("t" + (++tests) + "_").withHorizonWait(Duration.ofMillis(50)));
        dcb = store.consistencyBoundaries().orElseThrow();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /**
     * Per round, 4 deciders append on the condition that no event with the round's tag follows
     * their decision, while 4 plain writers append events with that tag and no condition, all
     * released by one barrier. In log order, no matching event may lie between a winner's
     * decision position and its own event.
     */
    @Test
    void plain_tagged_appends_racing_conditional_ones_never_slip_between_a_check_and_its_commit() {
        for (int round = 0; round < ROUNDS; round++) {
            String seat = "seat:" + round;
            EventQuery query = EventQuery.of(QueryItem.tags(seat));
            List<Race.Outcome<Win>> outcomes = Race.run(8, i -> {
                if (i % 2 == 0) {
                    return () -> {
                        store.append(StreamId.of("plain-" + i), ExpectedVersion.any(),
                                EventData.of("Reserved", "{}").withTags(seat));
                        return null;
                    };
                }
                Decision decision = dcb.decide(query);
                return () -> new Win(decision.position(), dcb.append(AppendBatch.of(StreamId.of("decider-" + i),
                        ExpectedVersion.any(), EventData.of("Reserved", "{}").withTags(seat)), decision.condition()));
            });
            List<LogPosition> log = matching(query);
            for (Race.Outcome<Win> outcome : outcomes) {
                if (outcome.error() != null) {
                    assertThat(outcome.error()).isInstanceOf(AppendConditionFailedException.class);
                } else if (outcome.value() != null) {
                    Win win = outcome.value();
                    assertThat(log).as("round " + round + ": events matching the query between the decision at "
                            + win.decided() + " and the conditional append at " + win.appended().lastPosition())
                            .filteredOn(p -> p.isAfter(win.decided()) && win.appended().lastPosition().isAfter(p))
                            .isEmpty();
                }
            }
            assertThat(log).as("round " + round + ": every plain append is stored").hasSizeGreaterThanOrEqualTo(4);
        }
    }

    private record Win(LogPosition decided, AppendResult appended) {
    }

    /**
     * A transaction that took a transaction id and stays open holds the horizon below
     * everything after it. A matching event committed meanwhile is above the horizon: the
     * decision does not see it, and the append on that decision's condition must fail
     * anyway; a decision on the same query made later, once the horizon has passed, succeeds.
     */
    @Test
    void a_matching_event_committed_above_a_held_horizon_fails_the_condition() throws Exception {
        String name = "username:ada";
        EventQuery query = EventQuery.of(QueryItem.tags(name));
        try (Connection holder = database.dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement();
                 ResultSet rs = statement.executeQuery("select pg_current_xact_id()")) {
                rs.next(); // the horizon now stays below this transaction until it ends
            }
            store.append(StreamId.of("user-1"), ExpectedVersion.noStream(),
                    EventData.of("Registered", "{}").withTags(name));
            Decision blind = dcb.decide(query);
            assertThat(blind.events()).as("the registration is above the held horizon").isEmpty();
            assertThatThrownBy(() -> dcb.append(AppendBatch.of(StreamId.of("user-2"), ExpectedVersion.noStream(),
                    EventData.of("Registered", "{}").withTags(name)), blind.condition()))
                    .isInstanceOf(AppendConditionFailedException.class);
            holder.rollback();
        }
        Decision seeing = dcb.decide(query);
        assertThat(seeing.events()).hasSize(1);
        dcb.append(AppendBatch.of(StreamId.of("user-3"), ExpectedVersion.noStream(),
                EventData.of("Renamed", "{}").withTags("username:bob")), seeing.condition());
        assertThat(store.currentVersion(StreamId.of("user-2"))).isZero();
    }

    /**
     * A conditional append waits for a caller's open transaction that appended a matching
     * event (it holds the tag's lock) and, when that commits, sees the event and fails.
     */
    @Test
    void a_conditional_append_waits_for_an_open_transaction_with_a_matching_event_and_then_fails() throws Exception {
        EventQuery query = EventQuery.of(QueryItem.tags("invoice:1"));
        Decision decision = dcb.decide(query);
        CompletableFuture<AppendResult> conditional;
        try (Connection writer = database.dataSource.getConnection()) {
            writer.setAutoCommit(false);
            store.appendInTransaction(writer, AppendBatch.of(StreamId.of("invoice-a"), ExpectedVersion.noStream(),
                    EventData.of("InvoiceCreated", "{}").withTags("invoice:1")));
            conditional = CompletableFuture.supplyAsync(() -> dcb.append(AppendBatch.of(StreamId.of("invoice-b"),
                    ExpectedVersion.noStream(), EventData.of("InvoiceCreated", "{}").withTags("invoice:1")),
                    decision.condition()));
            Thread.sleep(300);
            assertThat(conditional).as("waits for the open transaction's tag lock").isNotDone();
            writer.commit();
        }
        assertThatThrownBy(() -> conditional.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(AppendConditionFailedException.class);
        assertThat(store.currentVersion(StreamId.of("invoice-b"))).isZero();
    }

    /**
     * A caller's transaction that wrote before has an older transaction id than a conditional
     * append that commits meanwhile; its tagged events would go before that append's in the
     * log although the append's check did not see them, so they are refused (retryably). As
     * the first write of a new transaction the same append is accepted.
     */
    @Test
    void a_callers_older_transaction_is_refused_tagged_events_after_a_newer_append() throws Exception {
        EventQuery query = EventQuery.of(QueryItem.tags("username:eve"));
        try (Connection caller = database.dataSource.getConnection()) {
            caller.setAutoCommit(false);
            store.appendInTransaction(caller, AppendBatch.of(StreamId.of("first-1"), ExpectedVersion.noStream(),
                    EventData.of("Untagged", "{}")));
            Decision decision = dcb.decide(query);
            dcb.append(AppendBatch.of(StreamId.of("user-1"), ExpectedVersion.noStream(),
                    EventData.of("Registered", "{}").withTags("username:eve")), decision.condition());
            assertThatThrownBy(() -> store.appendInTransaction(caller, AppendBatch.of(StreamId.of("user-2"),
                    ExpectedVersion.noStream(), EventData.of("Registered", "{}").withTags("username:eve"))))
                    .isInstanceOfSatisfying(ConcurrencyConflictException.class, e -> {
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e).hasMessageContaining("retry in a new transaction");
                    });
            caller.rollback();
        }
        try (Connection caller = database.dataSource.getConnection()) {
            caller.setAutoCommit(false);
            store.appendInTransaction(caller, AppendBatch.of(StreamId.of("user-2"), ExpectedVersion.noStream(),
                    EventData.of("Registered", "{}").withTags("username:eve")));
            caller.commit();
        }
        try (Stream<RecordedEvent> events = dcb.read(query, LogPosition.START)) {
            assertThat(events.map(e -> e.streamId().value())).containsExactly("user-1", "user-2");
        }
    }

    /**
     * A query with a type-only item: untagged plain appends of that type race conditional
     * appends (the table lock serializes them); no event of the type may lie between a
     * winner's decision and its append.
     */
    @Test
    void type_only_items_hold_against_racing_untagged_appends() {
        for (int round = 0; round < 4; round++) {
            String type = "Counted" + round;
            EventQuery query = EventQuery.of(QueryItem.types(type));
            List<Race.Outcome<Win>> outcomes = Race.run(6, i -> {
                if (i % 2 == 0) {
                    return () -> {
                        store.append(StreamId.of("plain-" + i), ExpectedVersion.any(), EventData.of(type, "{}"));
                        return null;
                    };
                }
                Decision decision = dcb.decide(query);
                return () -> new Win(decision.position(), dcb.append(AppendBatch.of(StreamId.of("decider-" + i),
                        ExpectedVersion.any(), EventData.of(type, "{}")), decision.condition()));
            });
            List<LogPosition> log = matching(query);
            List<Win> wins = new ArrayList<>();
            for (Race.Outcome<Win> outcome : outcomes) {
                if (outcome.error() != null) {
                    assertThat(outcome.error()).isInstanceOf(AppendConditionFailedException.class);
                } else if (outcome.value() != null) {
                    wins.add(outcome.value());
                }
            }
            for (Win win : wins) {
                assertThat(log).filteredOn(p -> p.isAfter(win.decided()) && win.appended().lastPosition().isAfter(p))
                        .isEmpty();
            }
            assertThat(log).hasSize(3 + wins.size());
        }
    }

    private List<LogPosition> matching(EventQuery query) {
        try (Stream<RecordedEvent> events = dcb.read(query, LogPosition.START)) {
            return events.map(RecordedEvent::logPosition).toList();
        }
    }
}

package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.Decision;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Transactions that commit out of position order: the reason the global log is read below
 * the transaction-id horizon. Transaction A takes a position, B and C take higher ones and
 * commit first; a reader must wait for A, however long, and then get each event once.
 */
class OutOfOrderCommitTest {
    private static PgTestDatabase database;
    private static int tests;
    private PostgresEventStore store;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("order");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @BeforeEach
    void newStore() {
        store = database.store(database.options("t" + (++tests) + "_").withHorizonWait(Duration.ofMillis(20)));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void a_reader_waits_for_an_open_transaction_and_then_gets_all_three_once_when_it_commits() throws Exception {
        runWithOpenTransaction(true);
    }

    @Test
    void a_reader_waits_for_an_open_transaction_and_gets_the_others_when_it_rolls_back() throws Exception {
        runWithOpenTransaction(false);
    }

    /**
     * The later transactions commit through every other write path of the store: an atomic
     * append across two streams (one statement), a plain append of a tagged event and a
     * conditional one (each one call of the locked-append function). None may let a reader
     * pass the open transaction.
     */
    @Test
    void a_reader_waits_for_an_open_transaction_whatever_path_writes_the_later_events() throws Exception {
        ConsistencyBoundaries dcb = store.consistencyBoundaries().orElseThrow();
        runWithOpenTransaction(true, () -> {
            EventData b1 = EventData.of("B", "{\"n\":2}");
            EventData b2 = EventData.of("B", "{\"n\":3}");
            EventData tagged = EventData.of("T", "{\"n\":4}").withTags("seat:1");
            EventData conditional = EventData.of("D", "{\"n\":5}").withTags("seat:2");
            List<AppendResult> results = new ArrayList<>(store.appendAll(
                    AppendBatch.of(StreamId.of("b-1"), ExpectedVersion.noStream(), b1),
                    AppendBatch.of(StreamId.of("b-2"), ExpectedVersion.noStream(), b2)));
            results.add(store.append(StreamId.of("t-1"), ExpectedVersion.noStream(), tagged));
            Decision decision = dcb.decide(EventQuery.of(QueryItem.tags("seat:2")));
            results.add(dcb.append(AppendBatch.of(StreamId.of("d-1"), ExpectedVersion.noStream(), conditional),
                    decision.condition()));
            return new Later(results, List.of(b1.eventId(), b2.eventId(), tagged.eventId(), conditional.eventId()));
        });
    }

    /** What the later transactions wrote: their results, and their event ids in log order. */
    private record Later(List<AppendResult> results, List<UUID> eventIds) {
    }

    private void runWithOpenTransaction(boolean commitA) throws Exception {
        runWithOpenTransaction(commitA, () -> {
            EventData b = EventData.of("B", "{\"n\":2}");
            EventData c = EventData.of("C", "{\"n\":3}");
            AppendResult resultB = store.append(StreamId.of("b-1"), ExpectedVersion.noStream(), b);
            AppendResult resultC = store.append(StreamId.of("c-1"), ExpectedVersion.noStream(), c);
            return new Later(List.of(resultB, resultC), List.of(b.eventId(), c.eventId()));
        });
    }

    private void runWithOpenTransaction(boolean commitA, java.util.function.Supplier<Later> writeLater)
            throws Exception {
        EventData before = EventData.of("Before", "{\"n\":0}");
        store.append(StreamId.of("before-1"), ExpectedVersion.noStream(), before);
        EventData a = EventData.of("A", "{\"n\":1}");
        List<UUID> seen = new ArrayList<>();
        LogPosition checkpoint = LogPosition.START;
        Later later;

        try (Connection transactionA = database.dataSource.getConnection()) {
            transactionA.setAutoCommit(false);
            int pidA = transactionA.unwrap(PGConnection.class).getBackendPID();
            AppendResult resultA = store.appendInTransaction(transactionA,
                    AppendBatch.of(StreamId.of("a-1"), ExpectedVersion.noStream(), a));
            later = writeLater.get();
            long previous = resultA.position();
            for (AppendResult result : later.results()) {
                assertThat(result.position()).as("a later append took a higher position than the one before")
                        .isGreaterThan(previous);
                previous = result.position();
            }

            // Poll for a while: the later ones are committed, but the reader must not pass A.
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            int polls = 0;
            while (System.nanoTime() < until) {
                LogPage page = store.readAll(checkpoint, 100);
                page.events().forEach(e -> seen.add(e.eventId()));
                checkpoint = page.next();
                assertThat(checkpoint).as("checkpoint while A is open").isLessThan(resultA.lastPosition());
                assertThat(store.headPosition()).isLessThan(resultA.lastPosition());
                polls++;
            }
            assertThat(polls).isGreaterThan(10);
            assertThat(seen).containsExactly(before.eventId());
            HorizonStatus status = awaitBlockedBy(pidA);
            assertThat(status.heldBack()).isTrue();
            assertThat(status.describe()).contains("pid " + pidA);
            assertThat(status.oldestTransaction().orElseThrow().age()).isPositive();

            if (commitA) {
                transactionA.commit();
            } else {
                transactionA.rollback();
            }
        }
        List<UUID> expected = new ArrayList<>(List.of(before.eventId()));
        if (commitA) {
            expected.add(a.eventId());
        }
        expected.addAll(later.eventIds());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen.size() < expected.size() && System.nanoTime() < deadline) {
            LogPage page = store.readAll(checkpoint, 100);
            for (RecordedEvent event : page.events()) {
                assertThat(event.logPosition()).isGreaterThan(checkpoint);
                seen.add(event.eventId());
            }
            checkpoint = page.next();
        }
        assertThat(seen).as("every event exactly once, A first (its transaction is oldest)")
                .containsExactlyElementsOf(expected);
        assertThat(store.readAll(checkpoint, 100).events()).isEmpty();
    }

    /** Another client's short transaction may be older than A for a moment; A must show up as the blocker. */
    private HorizonStatus awaitBlockedBy(int pid) throws InterruptedException {
        HorizonStatus status = store.horizonStatus();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (status.oldestTransaction().map(t -> t.pid() != pid).orElse(true) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = store.horizonStatus();
        }
        assertThat(status.oldestTransaction()).as(status.describe()).hasValueSatisfying(t -> {
            assertThat(t.pid()).isEqualTo(pid);
            assertThat(t.state()).isEqualTo("idle in transaction");
            assertThat(t.applicationName()).isEqualTo(database.applicationName);
        });
        return status;
    }

    @Test
    void an_append_from_a_transaction_older_than_the_streams_last_event_is_refused_and_leaves_it_usable()
            throws SQLException {
        StreamId shared = StreamId.of("shared-1");
        store.append(shared, ExpectedVersion.noStream(), EventData.of("E", "{\"n\":1}"));
        try (Connection older = database.dataSource.getConnection()) {
            older.setAutoCommit(false);
            // The older transaction gets its id first, by writing elsewhere.
            store.appendInTransaction(older, AppendBatch.of(StreamId.of("own-1"), ExpectedVersion.noStream(),
                    EventData.of("E", "{\"n\":2}")));
            store.append(shared, ExpectedVersion.exactly(1), EventData.of("E", "{\"n\":3}"));

            assertThatThrownBy(() -> store.appendInTransaction(older,
                    AppendBatch.of(shared, ExpectedVersion.exactly(2), EventData.of("E", "{\"n\":4}"))))
                    .isInstanceOfSatisfying(ConcurrencyConflictException.class, e -> {
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.actualVersion()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("out of order");
                    });
            older.commit();
        }
        assertThat(store.currentVersion(StreamId.of("own-1"))).isEqualTo(1);
        assertThat(store.currentVersion(shared)).isEqualTo(2);
        // In a new transaction the same append goes through.
        assertThat(store.append(shared, ExpectedVersion.exactly(2), EventData.of("E", "{\"n\":4}")).streamVersion())
                .isEqualTo(3);
    }

    @Test
    void appending_in_a_transaction_commits_and_rolls_back_with_it() throws SQLException {
        StreamId kept = StreamId.of("kept-1");
        StreamId dropped = StreamId.of("dropped-1");
        try (Connection connection = database.dataSource.getConnection()) {
            connection.setAutoCommit(false);
            store.appendInTransaction(connection, AppendBatch.of(kept, ExpectedVersion.noStream(),
                    EventData.of("E", "{\"n\":1}"), EventData.of("E", "{\"n\":2}")));
            connection.commit();
            store.appendInTransaction(connection, AppendBatch.of(dropped, ExpectedVersion.noStream(),
                    EventData.of("E", "{\"n\":1}")));
            connection.rollback();
            assertThatThrownBy(() -> {
                connection.setAutoCommit(true);
                store.appendInTransaction(connection, AppendBatch.of(dropped, ExpectedVersion.noStream(),
                        EventData.of("E", "{\"n\":1}")));
            }).hasMessageContaining("auto-commit off");
        }
        assertThat(store.currentVersion(kept)).isEqualTo(2);
        assertThat(store.currentVersion(dropped)).isZero();
    }
}

package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.List;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.MultiStreamConflictException;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** appendAllInTransaction: the batches commit or roll back with the caller's transaction; a refusal leaves it usable. */
class AtomicAppendInTransactionTest {
    private static PgTestDatabase database;
    private static int tests;
    private PostgresEventStore store;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("atomictx");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @BeforeEach
    void newStore() {
        store = database.store(database.options("t" + (++tests) + "_"));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void the_batches_commit_and_roll_back_with_the_callers_transaction() throws Exception {
        StreamId a = StreamId.of("a-1");
        StreamId b = StreamId.of("b-1");
        try (Connection connection = database.dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<AppendResult> results = store.appendAllInTransaction(connection, List.of(
                    AppendBatch.of(b, ExpectedVersion.noStream(), EventData.of("Moved", "{}")),
                    AppendBatch.of(a, ExpectedVersion.noStream(), EventData.of("Moved", "{}"), EventData.of("Moved", "{}"))));
            assertThat(results).extracting(AppendResult::streamVersion).containsExactly(1L, 2L);
            connection.rollback();
        }
        assertThat(store.currentVersion(a)).isZero();
        assertThat(store.currentVersion(b)).isZero();

        store.append(a, ExpectedVersion.noStream(), EventData.of("Opened", "{}"));
        try (Connection connection = database.dataSource.getConnection()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> store.appendAllInTransaction(connection, List.of(
                    AppendBatch.of(a, ExpectedVersion.noStream(), EventData.of("Moved", "{}")),
                    AppendBatch.of(b, ExpectedVersion.noStream(), EventData.of("Moved", "{}")))))
                    .isInstanceOfSatisfying(MultiStreamConflictException.class,
                            e -> assertThat(e.conflicts()).singleElement().satisfies(c -> {
                                assertThat(c.stream()).isEqualTo(a);
                                assertThat(c.actualVersion()).isEqualTo(1);
                            }));
            // The transaction is still usable after the refusal.
            store.appendAllInTransaction(connection, List.of(
                    AppendBatch.of(a, ExpectedVersion.exactly(1), EventData.of("Moved", "{}")),
                    AppendBatch.of(b, ExpectedVersion.noStream(), EventData.of("Moved", "{}"))));
            connection.commit();
        }
        assertThat(store.currentVersion(a)).isEqualTo(2);
        assertThat(store.currentVersion(b)).isEqualTo(1);
    }

    @Test
    void tagged_events_appended_in_the_callers_transaction_keep_their_tags() throws Exception {
        StreamId a = StreamId.of("a-1");
        StreamId b = StreamId.of("b-1");
        try (Connection connection = database.dataSource.getConnection()) {
            connection.setAutoCommit(false);
            store.appendInTransaction(connection, AppendBatch.of(a, ExpectedVersion.noStream(),
                    EventData.of("Opened", "{}").withTags("account:1")));
            store.appendAllInTransaction(connection, List.of(
                    AppendBatch.of(a, ExpectedVersion.exactly(1), EventData.of("Moved", "{}").withTags("account:1")),
                    AppendBatch.of(b, ExpectedVersion.noStream(), EventData.of("Moved", "{}").withTags("account:2"))));
            connection.commit();
        }
        assertThat(store.readStream(a).toList()).extracting(e -> e.tags()).containsExactly(
                java.util.Set.of("account:1"), java.util.Set.of("account:1"));
        assertThat(store.readStream(b).toList()).singleElement()
                .satisfies(e -> assertThat(e.tags()).containsExactly("account:2"));
    }
}

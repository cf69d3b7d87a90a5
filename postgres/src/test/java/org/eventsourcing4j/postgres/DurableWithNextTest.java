package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eventsourcing4j.jdbc.SqlWork;
import org.eventsourcing4j.shredding.DataKeyRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transaction durable with the next commits without waiting for its WAL flush (a data
 * key's insert), and only that transaction: the setting is local to it.
 */
class DurableWithNextTest {
    private static PgTestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("durable_next");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    private static final SqlWork<String, RuntimeException> SYNCHRONOUS_COMMIT = connection -> {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("show synchronous_commit")) {
            row.next();
            return row.getString(1);
        }
    };

    @Test
    void only_that_transaction_commits_without_waiting_for_the_flush() {
        try (PostgresEventStore store = database.store("dn_", Clock.systemUTC())) {
            assertThat(store.inTransaction(SYNCHRONOUS_COMMIT)).isEqualTo("on");
            assertThat(store.inTransactionDurableWithNext(SYNCHRONOUS_COMMIT)).isEqualTo("off");
            for (int i = 0; i < 20; i++) { // the pool's connections all came back with the server's setting
                assertThat(store.inTransaction(SYNCHRONOUS_COMMIT)).isEqualTo("on");
            }
            assertThatThrownBy(() -> store.inTransactionDurableWithNext(connection -> {
                throw new IllegalStateException("work failed");
            })).hasMessage("work failed");
            assertThat(store.inTransaction(SYNCHRONOUS_COMMIT)).isEqualTo("on");
        }
    }

    @Test
    void a_data_key_written_that_way_is_stored() {
        try (PostgresEventStore store = database.store("dk_", Clock.systemUTC())) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            DataKeyRecord stored = store.dataKeys().insertIfAbsent(
                    new DataKeyRecord("owner-1", "kek-1", new byte[] {1, 2, 3}, now, null));
            assertThat(stored.kekId()).isEqualTo("kek-1");
            assertThat(store.dataKeys().find("owner-1")).hasValueSatisfying(found ->
                    assertThat(found.wrappedKey()).containsExactly(1, 2, 3));
        }
    }
}

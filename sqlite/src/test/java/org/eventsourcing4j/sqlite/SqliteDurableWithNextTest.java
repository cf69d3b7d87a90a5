package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eventsourcing4j.jdbc.SqlWork;
import org.eventsourcing4j.shredding.DataKeyRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction durable with the next commits with {@code synchronous=NORMAL} (no fsync of
 * its own in WAL mode) and puts the connection's setting back; with NORMAL configured it
 * changes nothing.
 */
class SqliteDurableWithNextTest {
    @TempDir
    Path dir;

    private static final SqlWork<Integer, RuntimeException> SYNCHRONOUS = connection -> {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA synchronous")) {
            row.next();
            return row.getInt(1);
        }
    };

    @Test
    void the_transaction_commits_with_normal_and_full_comes_back() {
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("full.db"))) {
            assertThat(store.inTransaction(SYNCHRONOUS)).isEqualTo(2);
            assertThat(store.inTransactionDurableWithNext(SYNCHRONOUS)).isEqualTo(1);
            assertThat(store.inTransaction(SYNCHRONOUS)).isEqualTo(2);
            assertThatThrownBy(() -> store.inTransactionDurableWithNext(connection -> {
                throw new IllegalStateException("work failed");
            })).hasMessage("work failed");
            assertThat(store.inTransaction(SYNCHRONOUS)).isEqualTo(2);
        }
    }

    @Test
    void with_normal_configured_nothing_changes() {
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("normal.db"),
                SqliteOptions.defaults().withSynchronous(SqliteOptions.Synchronous.NORMAL))) {
            assertThat(store.inTransactionDurableWithNext(SYNCHRONOUS)).isEqualTo(1);
            assertThat(store.inTransaction(SYNCHRONOUS)).isEqualTo(1);
        }
    }

    @Test
    void a_data_key_written_that_way_is_in_the_file_after_reopening() {
        Path file = dir.resolve("keys.db");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            store.dataKeys().insertIfAbsent(new DataKeyRecord("owner-1", "kek-1", new byte[] {4, 5}, now, null));
        }
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            assertThat(store.dataKeys().find("owner-1")).hasValueSatisfying(found ->
                    assertThat(found.wrappedKey()).containsExactly(4, 5));
            assertThat(store.inTransaction(SYNCHRONOUS)).isEqualTo(2);
        }
    }
}

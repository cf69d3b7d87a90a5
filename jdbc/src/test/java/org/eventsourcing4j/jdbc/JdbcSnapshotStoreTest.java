package org.eventsourcing4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table of the JDBC snapshot store on a real SQLite file; the testkit's
 * SnapshotStoreContract covers its behaviour.
 */
class JdbcSnapshotStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00.123456Z");

    @TempDir
    Path dir;

    private JdbcTransactions transactions;

    @BeforeEach
    void database() {
        transactions = SqliteFile.transactions(dir.resolve("snapshots.db"));
    }

    @Test
    void snapshots_survive_a_new_store_on_the_same_table() {
        new JdbcSnapshotStore(transactions, "snapshots").save(new Snapshot(StreamId.of("account-9"), 3,
                "AccountSnapshot", 1, "{}".getBytes(StandardCharsets.UTF_8), T0, T0));

        SnapshotStore reopened = new JdbcSnapshotStore(transactions, "snapshots");

        assertThat(reopened.loadLatest(StreamId.of("account-9")).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void stores_the_state_as_readable_json_text_and_instants_as_microseconds() throws Exception {
        Instant recorded = Instant.parse("2026-03-01T09:00:00.000001Z");
        new JdbcSnapshotStore(transactions, "snapshots").save(new Snapshot(StreamId.of("account-9"), 3,
                "AccountSnapshot", 2, "{\"balance\":1.50}".getBytes(StandardCharsets.UTF_8), recorded, recorded));

        transactions.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select stream_id, version, snapshot_type, revision,"
                    + " data, recorded_until_micros, taken_at_micros from snapshots");
                 ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("account-9");
                assertThat(row.getLong(2)).isEqualTo(3);
                assertThat(row.getString(3)).isEqualTo("AccountSnapshot");
                assertThat(row.getInt(4)).isEqualTo(2);
                assertThat(row.getString(5)).isEqualTo("{\"balance\":1.50}");
                assertThat(row.getLong(6)).isEqualTo(1_772_355_600_000_001L);
                assertThat(row.getLong(7)).isEqualTo(1_772_355_600_000_001L);
                assertThat(row.next()).isFalse();
            }
            return null;
        });
    }

    @Test
    void refuses_a_table_name_that_is_not_a_plain_identifier() {
        assertThatThrownBy(() -> new JdbcSnapshotStore(transactions, "snapshots; drop table events"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("table name");
        assertThatThrownBy(() -> new JdbcSnapshotStore(transactions, "snapshots", 0))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("retained per stream");
    }
}

package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Driver failures come out as the core's typed errors, write nothing partial, and leave
 * the store reading: a lock held too long, a full disk, a read-only file, a schema from
 * the future, a missing directory.
 */
class SqliteFailuresTest {
    private static final StreamId STREAM = StreamId.of("account-1");

    @TempDir
    Path directory;

    @Test
    void a_write_lock_held_past_the_busy_timeout_is_a_retryable_unavailable_error() throws Exception {
        Path file = directory.resolve("busy.db");
        SqliteOptions options = SqliteOptions.defaults().withBusyTimeout(Duration.ofMillis(200));
        try (SqliteEventStore store = SqliteEventStore.open(file, options)) {
            store.append(STREAM, ExpectedVersion.noStream(), EventData.of("Opened", "{}"));
            EventData deposit = EventData.of("Deposited", "{\"amount\":5}");
            try (Connection other = TestLogs.raw(file); Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                assertThatThrownBy(() -> store.append(STREAM, ExpectedVersion.exactly(1), deposit))
                        .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                            assertThat(e.isRetryable()).isTrue();
                            assertThat(e.getMessage()).contains("busy timeout (200 ms)");
                        });
                assertThat(store.currentVersion(STREAM)).as("reads while another holds the write lock").isEqualTo(1);
                statement.execute("ROLLBACK");
            }
            assertThat(store.append(STREAM, ExpectedVersion.exactly(1), deposit).streamVersion()).isEqualTo(2);
        }
    }

    @Test
    void a_full_database_refuses_the_batch_whole_keeps_what_was_stored_and_keeps_reading() throws Exception {
        Path file = directory.resolve("full.db");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            store.append(STREAM, ExpectedVersion.noStream(), EventData.of("Opened", "{}"));
        }
        long pages = TestLogs.longQuery(file, "PRAGMA page_count");
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        config.setMaxPageCount((int) pages + 8);
        try (SqliteEventStore store = SqliteEventStore.open(dataSource(file, config), SqliteOptions.defaults())) {
            List<UUID> acknowledged = new ArrayList<>();
            List<EventData> refused = null;
            StorageException failure = null;
            for (int round = 0; round < 200 && failure == null; round++) {
                List<EventData> batch = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    batch.add(EventData.of("Deposited", "{\"pad\":\"" + "x".repeat(1500) + "\"}"));
                }
                try {
                    store.append(STREAM, ExpectedVersion.any(), batch);
                    batch.forEach(e -> acknowledged.add(e.eventId()));
                } catch (StorageException e) {
                    failure = e;
                    refused = batch;
                }
            }
            assertThat(failure).as("the append that hit max_page_count").isNotNull();
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage()).contains("full").contains("nothing of it was written");
            assertThat(acknowledged).as("appends before the disk filled").isNotEmpty();

            List<UUID> stored = read(store).stream().map(RecordedEvent::eventId).toList();
            assertThat(stored).hasSize(1 + acknowledged.size()).containsAll(acknowledged);
            assertThat(stored).doesNotContainAnyElementsOf(refused.stream().map(EventData::eventId).toList());
            assertThat(TestLogs.wholeLog(store)).hasSize(stored.size());
            assertThat(store.headPosition().position()).isEqualTo(stored.size());
        }
        assertThat(TestLogs.integrityCheck(file)).isEqualTo("ok");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            long version = store.currentVersion(STREAM);
            assertThat(store.append(STREAM, ExpectedVersion.exactly(version), EventData.of("Later", "{}"))
                    .streamVersion()).as("appends continue once there is room").isEqualTo(version + 1);
        }
    }

    @Test
    void a_read_only_database_refuses_appends_with_a_clear_error_and_keeps_reading() throws Exception {
        Path file = directory.resolve("readonly.db");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            store.append(STREAM, ExpectedVersion.noStream(), EventData.of("Opened", "{}"), EventData.of("Deposited", "{}"));
        }
        // Opened read-only as SQLite does for a write-protected file. (These tests may run as
        // root, for whom file permissions do not make a file read-only.)
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (SqliteEventStore store = SqliteEventStore.open(dataSource(file, config), SqliteOptions.defaults())) {
            EventData refused = EventData.of("Deposited", "{}");
            assertThatThrownBy(() -> store.append(STREAM, ExpectedVersion.exactly(2), refused))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.isRetryable()).isFalse();
                        assertThat(e.getMessage()).contains("read-only").contains("nothing of it was written");
                    });
            assertThat(read(store)).extracting(RecordedEvent::version).containsExactly(1L, 2L);
            assertThat(TestLogs.wholeLog(store)).hasSize(2);
            assertThat(store.currentVersion(STREAM)).isEqualTo(2);
        }
    }

    @Test
    void a_file_with_a_newer_schema_is_refused_on_open() throws Exception {
        Path file = directory.resolve("future.db");
        SqliteEventStore.open(file).close();
        TestLogs.execute(file, "UPDATE es_schema SET version = 99 WHERE component = 'events'");
        assertThatThrownBy(() -> SqliteEventStore.open(file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 99");
    }

    @Test
    void a_missing_directory_is_a_clear_error_on_open() {
        Path file = directory.resolve("no-such-directory").resolve("events.db");
        assertThatThrownBy(() -> SqliteEventStore.open(file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot be opened");
    }

    private static List<RecordedEvent> read(SqliteEventStore store) {
        try (var events = store.readStream(STREAM)) {
            return events.toList();
        }
    }

    private static SQLiteDataSource dataSource(Path file, SQLiteConfig config) {
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath().toUri());
        return dataSource;
    }
}

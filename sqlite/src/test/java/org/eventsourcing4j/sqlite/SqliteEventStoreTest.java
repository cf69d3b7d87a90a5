package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.Race;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to the SQLite store: the file, positions, schema creation, connections. */
class SqliteEventStoreTest {
    private static final StreamId STREAM = StreamId.of("account-1");

    @TempDir
    Path directory;

    @Test
    void positions_are_never_reused_even_after_the_newest_rows_are_deleted() throws Exception {
        Path file = directory.resolve("positions.db");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            store.append(STREAM, ExpectedVersion.noStream(), event(1), event(2), event(3));
            assertThatThrownBy(() -> store.append(STREAM, ExpectedVersion.noStream(), event(9)))
                    .isInstanceOf(ConcurrencyConflictException.class);
            assertThat(store.append(STREAM, ExpectedVersion.exactly(3), event(4)).position())
                    .as("a refused append leaves no gap").isEqualTo(4);
        }
        TestLogs.execute(file, "DELETE FROM es_events WHERE position >= 3");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            assertThat(store.headPosition().position()).isEqualTo(2);
            assertThat(store.append(STREAM, ExpectedVersion.exactly(2), event(5)).position())
                    .as("the position after the deleted ones").isEqualTo(5);
            assertThat(TestLogs.wholeLog(store)).extracting(RecordedEvent::position).containsExactly(1L, 2L, 5L);
        }
        TestLogs.execute(file, "DELETE FROM es_events");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            assertThat(store.headPosition().position()).isZero();
            assertThat(store.append(StreamId.of("fresh-1"), ExpectedVersion.noStream(), event(6)).position())
                    .as("the position after deleting every row").isEqualTo(6);
        }
    }

    /**
     * Six stores opening one new file at once, 30 times: opening a connection while another
     * creates the file or switches it to WAL can meet SQLITE_BUSY without SQLite waiting
     * out the busy timeout; about one open in 200 failed that way before such opens were retried.
     */
    @Test
    void concurrent_first_opens_of_a_new_file_all_succeed() throws Exception {
        for (int round = 0; round < 30; round++) {
            Path file = directory.resolve("first-open-" + round + ".db");
            List<Race.Outcome<Long>> opens = Race.run(6, i -> () -> {
                try (SqliteEventStore store = SqliteEventStore.open(file)) {
                    return store.append(StreamId.of("opener-" + i), ExpectedVersion.noStream(), event(i)).position();
                }
            });
            assertThat(opens).as("round %d", round).allSatisfy(o -> assertThat(o.error()).isNull());
        }
    }

    @Test
    void reopening_keeps_the_events_and_concurrent_first_opens_create_the_schema_once() throws Exception {
        Path file = directory.resolve("reopen.db");
        List<Race.Outcome<Long>> opens = Race.run(6, i -> () -> {
            try (SqliteEventStore store = SqliteEventStore.open(file)) {
                return store.append(StreamId.of("opener-" + i), ExpectedVersion.noStream(), event(i)).position();
            }
        });
        assertThat(opens).allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(opens).extracting(Race.Outcome::value).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            assertThat(TestLogs.wholeLog(store)).hasSize(6);
        }
        assertThat(TestLogs.longQuery(file, "SELECT count(*) FROM es_schema")).isEqualTo(1);
        assertThat(TestLogs.longQuery(file, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"))
                .isEqualTo(1);
    }

    @Test
    void a_file_name_with_url_characters_is_taken_literally() throws Exception {
        Path file = directory.resolve("we?ird #name%20.db");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            store.append(STREAM, ExpectedVersion.noStream(), event(1));
        }
        assertThat(Files.exists(file)).isTrue();
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("we?ird #name%20.db");
        }
    }

    @Test
    void payloads_stay_byte_for_byte_and_queryable_with_sqlite_json_functions() throws Exception {
        Path file = directory.resolve("json.db");
        String json = "{ \"amount\" : 10.50,\n \"text\": \"\u00e9\\u00e9 \ud83d\ude00\" }";
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            store.append(STREAM, ExpectedVersion.noStream(), EventData.of("Deposited", json));
            try (Stream<RecordedEvent> events = store.readStream(STREAM)) {
                assertThat(events.toList()).singleElement().satisfies(e -> assertThat(e.dataAsString()).isEqualTo(json));
            }
        }
        assertThat(TestLogs.longQuery(file, "SELECT json_extract(data, '$.amount') * 100 FROM es_events"))
                .isEqualTo(1050);
    }

    @Test
    void a_stream_read_holds_one_connection_until_it_is_closed_or_read_to_the_end() {
        CountingDataSource counting = new CountingDataSource(
                SqliteEventStore.dataSource(directory.resolve("connections.db"), SqliteOptions.defaults()));
        try (SqliteEventStore store = SqliteEventStore.open(counting, SqliteOptions.defaults())) {
            store.append(STREAM, ExpectedVersion.noStream(), event(1), event(2), event(3));
            assertThat(counting.open.get()).isZero();

            Stream<RecordedEvent> unread = store.readStream(STREAM);
            assertThat(counting.open.get()).isEqualTo(1);
            unread.close();
            assertThat(counting.open.get()).isZero();

            try (Stream<RecordedEvent> partly = store.readStream(STREAM)) {
                Iterator<RecordedEvent> it = partly.iterator();
                assertThat(it.next().version()).isEqualTo(1);
                assertThat(counting.open.get()).isEqualTo(1);
            }
            assertThat(counting.open.get()).isZero();

            Iterator<RecordedEvent> all = store.readStream(STREAM).iterator();
            int read = 0;
            while (all.hasNext()) {
                all.next();
                read++;
            }
            assertThat(read).isEqualTo(3);
            assertThat(counting.open.get()).as("released after the last row, even unclosed").isZero();
        }
    }

    @Test
    void a_closed_store_refuses_further_use() {
        SqliteEventStore store = SqliteEventStore.open(directory.resolve("closed.db"));
        store.close();
        store.close();
        assertThatThrownBy(() -> store.append(STREAM, ExpectedVersion.any(), event(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.currentVersion(STREAM)).isInstanceOf(IllegalStateException.class);
    }

    private static EventData event(long n) {
        return EventData.of("E", "{\"n\":" + n + "}");
    }

    /** A data source that counts the connections it handed out and that are not closed yet. */
    private static final class CountingDataSource implements DataSource {
        final AtomicInteger open = new AtomicInteger();
        private final DataSource delegate;

        CountingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = delegate.getConnection();
            open.incrementAndGet();
            AtomicInteger closes = new AtomicInteger();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && closes.getAndIncrement() == 0) {
                            open.decrementAndGet();
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLException("not used");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("counting");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }
}

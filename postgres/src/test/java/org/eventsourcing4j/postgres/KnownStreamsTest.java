package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store skips the existence check of {@code exactly(v)} only for versions it has seen
 * committed, and never for a version a caller's transaction wrote and may roll back.
 */
class KnownStreamsTest {
    private static PgTestDatabase database;
    private static int tables;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("known");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    private final List<String> statements = new CopyOnWriteArrayList<>();

    /** The pool's connections, with the SQL text of every statement the store prepares recorded. */
    private DataSource recording() {
        DataSource pool = database.dataSource;
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, pool, args);
                    return result instanceof Connection connection ? recording(connection) : result;
                });
    }

    private Connection recording(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement")) {
                statements.add((String) args[0]);
            }
            return invoke(method, connection, args);
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static PostgresOptions options(PgTestDatabase database, String prefix) {
        return PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(database.schema, prefix))
                .withNotifications(false, java.time.Duration.ZERO);
    }

    private static EventData event(int n) {
        return new EventData(UUID.randomUUID(), "Deposited", 1,
                ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), org.eventsourcing4j.store.Metadata.EMPTY);
    }

    /** The appends since the last call, each as whether its statement checked the expected version. */
    private List<Boolean> appendsChecked() {
        List<Boolean> checked = statements.stream().filter(sql -> sql.startsWith("insert into"))
                .map(sql -> sql.contains(" where ")).toList();
        statements.clear();
        return checked;
    }

    private static List<Long> versions(PostgresEventStore store, StreamId stream) {
        try (Stream<RecordedEvent> events = store.readStream(stream)) {
            return events.map(RecordedEvent::version).toList();
        }
    }

    @Test
    void checksOnlyVersionsItHasNotSeenCommitted() {
        String prefix = "k" + (++tables) + "_";
        StreamId stream = StreamId.of("account-1");
        try (PostgresEventStore writer = PostgresEventStore.create(recording(), options(database, prefix));
             PostgresEventStore other = PostgresEventStore.create(database.dataSource, options(database, prefix))) {
            statements.clear();
            writer.append(stream, ExpectedVersion.noStream(), List.of(event(1)));
            writer.append(stream, ExpectedVersion.exactly(1), List.of(event(2)));
            writer.append(stream, ExpectedVersion.exactly(2), List.of(event(3), event(4)));
            // noStream needs no check; exactly(1) and exactly(2) follow this store's own appends.
            assertThat(appendsChecked()).containsExactly(false, false, false);

            other.append(stream, ExpectedVersion.exactly(4), List.of(event(5)));
            // Stale: the unique index refuses version 5 without any check.
            assertThatThrownBy(() -> writer.append(stream, ExpectedVersion.exactly(4), List.of(event(6))))
                    .isInstanceOf(ConcurrencyConflictException.class);
            // Beyond what this store saw: checked, refused, no gap.
            assertThatThrownBy(() -> writer.append(stream, ExpectedVersion.exactly(7), List.of(event(7))))
                    .isInstanceOf(ConcurrencyConflictException.class);
            assertThat(appendsChecked()).containsExactly(false, true);
            // Version 5 was written elsewhere: checked once, then known.
            writer.append(stream, ExpectedVersion.exactly(5), List.of(event(8)));
            writer.append(stream, ExpectedVersion.exactly(6), List.of(event(9)));
            assertThat(appendsChecked()).containsExactly(true, false);

            // Reading the stream makes its versions known.
            other.append(stream, ExpectedVersion.exactly(7), List.of(event(10)));
            assertThat(versions(writer, stream)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            statements.clear();
            writer.append(stream, ExpectedVersion.exactly(8), List.of(event(11)));
            assertThat(appendsChecked()).containsExactly(false);
            assertThat(versions(other, stream)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void aRolledBackTransactionDoesNotMakeItsVersionKnown() throws Exception {
        String prefix = "k" + (++tables) + "_";
        StreamId stream = StreamId.of("account-2");
        try (PostgresEventStore store = PostgresEventStore.create(recording(), options(database, prefix))) {
            store.append(stream, ExpectedVersion.noStream(), List.of(event(1)));
            try (Connection transaction = database.dataSource.getConnection()) {
                transaction.setAutoCommit(false);
                assertThat(store.appendInTransaction(transaction,
                        org.eventsourcing4j.store.AppendBatch.of(stream, ExpectedVersion.exactly(1), event(2)))
                        .streamVersion()).isEqualTo(2);
                transaction.rollback();
            }
            // Version 2 never committed: appending after it must be refused, not leave a gap.
            assertThatThrownBy(() -> store.append(stream, ExpectedVersion.exactly(2), List.of(event(3))))
                    .isInstanceOf(ConcurrencyConflictException.class);
            assertThat(versions(store, stream)).containsExactly(1L);
        }
    }

    @Test
    void turnedOffEveryExactAppendIsChecked() {
        String prefix = "k" + (++tables) + "_";
        StreamId stream = StreamId.of("account-3");
        try (PostgresEventStore store = PostgresEventStore.create(recording(), options(database, prefix).withKnownStreams(0))) {
            statements.clear();
            store.append(stream, ExpectedVersion.noStream(), List.of(event(1)));
            store.append(stream, ExpectedVersion.exactly(1), List.of(event(2)));
            store.append(stream, ExpectedVersion.exactly(2), List.of(event(3), event(4)));
            assertThat(appendsChecked()).containsExactly(false, true, true);
            assertThatThrownBy(() -> store.append(stream, ExpectedVersion.exactly(6), List.of(event(5))))
                    .isInstanceOf(ConcurrencyConflictException.class);
            assertThat(versions(store, stream)).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void refusesAnOutOfRangeSetting() {
        assertThatThrownBy(() -> PostgresOptions.DEFAULTS.withKnownStreams(-1))
                .isInstanceOf(org.eventsourcing4j.store.InvalidArgumentException.class)
                .hasMessageContaining("known streams");
    }
}

package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wake-ups: local appends at once, other processes' appends through LISTEN/NOTIFY, across reconnects. */
class NotificationTest {
    private static PgTestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("notify");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void an_append_of_this_instance_wakes_its_listeners_before_append_returns() throws Exception {
        try (PostgresEventStore store = database.store("local_", Clock.systemUTC())) {
            AtomicInteger wakeUps = new AtomicInteger();
            var registration = store.onAppend(wakeUps::incrementAndGet).orElseThrow();
            int before = wakeUps.get();
            store.append(StreamId.of("s-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
            assertThat(wakeUps.get()).isGreaterThan(before);

            registration.close();
            int afterRemoval = wakeUps.get();
            store.append(StreamId.of("s-1"), ExpectedVersion.exactly(1), EventData.of("E", "{}"));
            assertThat(wakeUps.get()).isEqualTo(afterRemoval);
        }
    }

    @Test
    void another_processes_append_wakes_listeners_and_the_listener_reconnects_after_its_connection_dies()
            throws Exception {
        try (PostgresEventStore listening = database.store("remote_", Clock.systemUTC());
             PostgresEventStore writing = database.store("remote_", Clock.systemUTC())) {
            AtomicInteger wakeUps = new AtomicInteger();
            listening.onAppend(wakeUps::incrementAndGet);
            await("listening", () -> listening.listenerBackendPid() != 0);
            int firstPid = listening.listenerBackendPid();

            int before = wakeUps.get();
            writing.append(StreamId.of("r-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
            await("woken by the other instance's append", () -> wakeUps.get() > before);

            try (Connection admin = database.connect();
                 PreparedStatement kill = admin.prepareStatement("select pg_terminate_backend(?)")) {
                kill.setInt(1, firstPid);
                kill.execute();
            }
            await("reconnected", () -> listening.listenerBackendPid() != 0
                    && listening.listenerBackendPid() != firstPid);
            int afterReconnect = wakeUps.get();
            writing.append(StreamId.of("r-1"), ExpectedVersion.exactly(1), EventData.of("E", "{}"));
            await("woken after the reconnect", () -> wakeUps.get() > afterReconnect);
        }
    }

    @Test
    void an_instance_ignores_its_own_notifications_since_it_woke_its_listeners_directly() throws Exception {
        try (PostgresEventStore store = database.store("own_", Clock.systemUTC())) {
            AtomicInteger wakeUps = new AtomicInteger();
            store.onAppend(wakeUps::incrementAndGet);
            await("listening", () -> store.listenerBackendPid() != 0);
            int before = wakeUps.get();
            store.append(StreamId.of("o-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
            Thread.sleep(500); // time for the notification to come back, if it were not ignored
            assertThat(wakeUps.get()).isEqualTo(before + 1);
        }
    }

    @Test
    void a_burst_of_appends_shares_notifications_at_most_one_per_interval() throws Exception {
        try (PostgresEventStore listening = database.store("burst_", Clock.systemUTC());
             PostgresEventStore writing = database.store(database.options("burst_").withNotifications(true, Duration.ofMillis(200)))) {
            AtomicInteger wakeUps = new AtomicInteger();
            listening.onAppend(wakeUps::incrementAndGet);
            await("listening", () -> listening.listenerBackendPid() != 0);
            int before = wakeUps.get();
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                writing.append(StreamId.of("b-1"), ExpectedVersion.any(), EventData.of("E", "{}"));
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            await("woken by the burst", () -> wakeUps.get() > before);
            Thread.sleep(500); // the last notification of the burst
            assertThat(wakeUps.get() - before).as("wake-ups for 100 appends in %d ms", elapsedMillis)
                    .isBetween(1, (int) (elapsedMillis / 200) + 3);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}

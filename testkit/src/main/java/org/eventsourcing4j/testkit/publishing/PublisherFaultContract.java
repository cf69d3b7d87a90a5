package org.eventsourcing4j.testkit.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.PublisherHealth;
import org.eventsourcing4j.publishing.PublisherMetrics;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker publisher under faults: the broker killed and restarted mid-publish, the
 * publisher's process killed (kill -9) mid-run and restarted, and a PostgreSQL transaction
 * held open while others commit. After each, a reader of the whole destination finds every
 * event of the log, each stream in order, duplicates only within the documented window
 * (one page per failure) and all exact copies, and nothing of a rolled-back append.
 */
public abstract class PublisherFaultContract {
    private static final Duration WAIT = PublisherContract.WAIT;
    private static final int PAGE = PublisherContract.PAGE;

    protected PublisherFaultContract() {
    }

    /** A fresh destination on the broker that {@link #killBroker()} kills. */
    protected abstract BrokerChannel openRestartableChannel(String label);

    /** kill -9 of the broker the restartable channels are on. */
    protected abstract void killBroker() throws Exception;

    /** Starts that broker again, on the same port and data. */
    protected abstract void startBroker() throws Exception;

    /** In another process: the channel at {@link BrokerChannel#address()}; closing it deletes nothing. */
    protected abstract BrokerChannel channelAt(List<String> address);

    /** A SQLite store on {@code file}: the crash tests' log, checkpoints ({@code checkpoints()}) and lease ({@code lease(name)}). */
    protected abstract JdbcEventStore openSqlite(Path file);

    /** A fresh PostgreSQL store of the test's own, e.g. {@link OpenTransactionLog#inSchema}. */
    protected abstract OpenTransactionLog postgres(String label);

    private static PublisherOptions options(String name) {
        return PublisherContract.options(name).withAckTimeout(Duration.ofSeconds(3));
    }

    private static List<RecordedEvent> log(EventStore store) {
        return store.readAll(LogPosition.START, 10_000).events();
    }

    @Test
    void a_broker_that_is_down_stalls_the_publisher_which_skips_nothing_and_recovers() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (BrokerChannel channel = openRestartableChannel("down");
             EventPublisher publisher = channel.publisher(store, options("down"))) {
            PublisherMetrics.bind(meters, publisher);
            publisher.start();
            appendMany(store, 60, 0);
            assertThat(publisher.awaitPublished(store.headPosition(), WAIT)).isTrue();
            LogPosition before = store.headPosition();

            killBroker();
            try {
                appendMany(store, 60, 60);
                PublisherContract.awaitCondition(() -> publisher.health().consecutiveFailures() >= 2,
                        () -> "health " + publisher.health());
                PublisherHealth stalled = publisher.health();
                assertThat(stalled.state()).isEqualTo(PublisherHealth.State.STALLED);
                assertThat(stalled.failingSince()).isNotNull();
                assertThat(stalled.lastError()).isNotBlank();
                assertThat(publisher.status().checkpoint()).as("nothing skipped").isEqualTo(before);
                assertThat(meters.get("eventsourcing4j.publisher.consecutive.failures").gauge().value()).isGreaterThanOrEqualTo(2);
                assertThat(meters.get("eventsourcing4j.publisher.healthy").gauge().value()).isZero();
                PublisherContract.awaitCondition(
                        () -> meters.get("eventsourcing4j.publisher.stalled.seconds").gauge().value() > 0.5,
                        () -> "stalled for " + meters.get("eventsourcing4j.publisher.stalled.seconds").gauge().value());
            } finally {
                startBroker();
            }
            assertThat(publisher.awaitPublished(store.headPosition(), WAIT))
                    .as("health %s", publisher.health()).isTrue();
            assertThat(publisher.health().state()).isEqualTo(PublisherHealth.State.HEALTHY);
            assertThat(publisher.health().consecutiveFailures()).isZero();
            assertThat(meters.get("eventsourcing4j.publisher.healthy").gauge().value()).isEqualTo(1);
            assertThat(meters.get("eventsourcing4j.publisher.stalled.seconds").gauge().value()).isZero();
            PublishedLog.assertPublished(log(store), channel.readAll(120, WAIT), PAGE);
        }
    }

    @Test
    void restarting_the_broker_mid_publish_loses_and_reorders_nothing() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        try (BrokerChannel channel = openRestartableChannel("restart");
             EventPublisher publisher = channel.publisher(store, options("restart"))) {
            publisher.start();
            AtomicInteger appended = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 600; i++) {
                    appendOne(store, i);
                    appended.incrementAndGet();
                    if (i % 10 == 0) {
                        sleep(5);
                    }
                }
            });
            writer.start();
            PublisherContract.awaitCondition(() -> publisher.status().checkpoint().position() >= 150,
                    () -> "status " + publisher.status());
            killBroker();
            sleep(500);
            startBroker();
            writer.join(WAIT.toMillis());
            assertThat(appended.get()).isEqualTo(600);
            assertThat(publisher.awaitPublished(store.headPosition(), WAIT))
                    .as("health %s", publisher.health()).isTrue();
            PublishedLog.assertPublished(log(store), channel.readAll(600, WAIT), 2 * PAGE);
        }
    }

    @Test
    void a_killed_publisher_process_resumes_from_its_checkpoint(@TempDir Path dir) throws Exception {
        Path database = dir.resolve("events.db");
        try (BrokerChannel channel = openRestartableChannel("crash");
             JdbcEventStore store = openSqlite(database)) {
            for (int i = 0; i < 300; i++) {
                appendOne(store, i);
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (int i = 300; i < 600 && writing.get(); i++) {
                    appendOne(store, i);
                    sleep(2);
                }
            });
            writer.start();
            // Kill it twice mid-run, then let a third one finish.
            for (int run = 1; run <= 2; run++) {
                long target = 150L * run;
                try (PublisherProcess child = PublisherProcess.start(getClass(), database, "crash", channel.address())) {
                    PublisherContract.awaitCondition(() -> child.checkpoint() >= target || !child.isAlive(),
                            () -> "child at " + child.checkpoint());
                    assertThat(child.isAlive()).as("child stderr:\n%s", child.stderrText()).isTrue();
                    child.kill();
                }
            }
            writer.join(WAIT.toMillis());
            writing.set(false);
            long head = store.headPosition().position();
            try (PublisherProcess last = PublisherProcess.start(getClass(), database, "crash", channel.address())) {
                PublisherContract.awaitCondition(() -> last.checkpoint() == head || !last.isAlive(),
                        () -> "child at " + last.checkpoint() + ", head " + head);
                assertThat(last.isAlive()).as("child stderr:\n%s", last.stderrText()).isTrue();
            }
            assertThat(store.checkpoints().load("crash").position()).isEqualTo(head);
            List<RecordedEvent> log = log(store);
            PublishedLog.assertPublished(log, channel.readAll(log.size(), WAIT), 2 * PAGE);
        }
    }

    @Test
    void an_open_transaction_holds_the_publisher_back_and_a_rolled_back_append_is_never_published() throws Exception {
        try (OpenTransactionLog postgres = postgres("held");
             BrokerChannel channel = openRestartableChannel("held")) {
            EventStore store = postgres.store();
            PublisherOptions options = PublisherOptions.of("held", postgres.checkpoints())
                    .withProjection(options("held").projection()).withAckTimeout(Duration.ofSeconds(3));
            try (EventPublisher publisher = channel.publisher(store, options)) {
                publisher.start();
                appendMany(store, 5, 0);
                assertThat(publisher.awaitPublished(store.headPosition(), WAIT)).isTrue();

                OpenTransactionLog.OpenAppend held = postgres.appendAndHold(
                        AppendBatch.of(StreamId.of("account-held"), ExpectedVersion.any(), EventData.of("Held", "{}")));
                OpenTransactionLog.OpenAppend doomed = postgres.appendAndHold(
                        AppendBatch.of(StreamId.of("account-doomed"), ExpectedVersion.any(), EventData.of("Doomed", "{}")));
                appendMany(store, 20, 5); // committed after the held transaction began
                PublisherContract.awaitCondition(() -> publisher.status().waitingFor() != null,
                        () -> "status " + publisher.status());
                assertThat(publisher.status().waitingFor()).contains("held back");
                sleep(300);
                assertThat(channel.readAll(6, Duration.ofMillis(500))).as("nothing past the open transaction")
                        .hasSize(5);

                doomed.rollback();
                held.commit();
                assertThat(publisher.awaitPublished(store.headPosition(), WAIT)).isTrue();
                List<RecordedEvent> log = log(store);
                assertThat(log).hasSize(26).noneMatch(event -> event.type().equals("Doomed"));
                PublishedLog.assertPublished(log, channel.readAll(26, WAIT), 0);
            }
        }
    }

    private static void appendMany(EventStore store, int count, int from) {
        for (int i = from; i < from + count; i++) {
            appendOne(store, i);
        }
    }

    private static void appendOne(EventStore store, int i) {
        store.append(StreamId.of("account-" + (i % 9)), ExpectedVersion.any(),
                EventData.of(i % 3 == 0 ? "Withdrawn" : "Deposited", "{\"i\":" + i + "}"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

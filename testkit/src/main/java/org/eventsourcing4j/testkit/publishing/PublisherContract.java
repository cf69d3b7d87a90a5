package org.eventsourcing4j.testkit.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.InMemoryDeadLetterStore;
import org.eventsourcing4j.projection.InMemoryLeases;
import org.eventsourcing4j.projection.ParkedEvent;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.publishing.DeduplicatingHandler;
import org.eventsourcing4j.publishing.EventConsumer;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.InMemoryDeliveryLedger;
import org.eventsourcing4j.publishing.PublisherHealth;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;
import org.eventsourcing4j.testkit.Race;
import org.junit.jupiter.api.Test;

/**
 * What every broker publisher must do, on the in-memory store: publish every event with its
 * whole envelope, keep each stream's order under concurrent writers, filter, resume from
 * its checkpoint, let one instance per name publish, stop before a message the broker
 * refuses (or park it), and feed a consumer each event once. A broker module extends it
 * with a small fixture ({@link #openChannel}); {@link PublisherFaultContract} adds crashes,
 * broker restarts and PostgreSQL's open transactions.
 */
public abstract class PublisherContract {
    protected static final Duration WAIT = Duration.ofSeconds(60);
    protected static final int PAGE = 50;

    protected PublisherContract() {
    }

    /** A fresh destination on the broker; messages larger than {@code maxMessageBytes} (0: the broker's default) are refused by the broker. */
    protected abstract BrokerChannel openChannel(String label, int maxMessageBytes);

    protected static PublisherOptions options(String name) {
        PublisherOptions defaults = PublisherOptions.of(name, new InMemoryCheckpointStore());
        return defaults.withProjection(defaults.projection().withBatchSize(PAGE).withPollInterval(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(500))).withAckTimeout(Duration.ofSeconds(10));
    }

    protected static List<RecordedEvent> log(InMemoryEventStore store) {
        return store.readAll(org.eventsourcing4j.store.LogPosition.START, 10_000).events();
    }

    protected static AppendResult append(InMemoryEventStore store, String stream, String type, String json) {
        return store.append(StreamId.of(stream), ExpectedVersion.any(), EventData.of(type, json));
    }

    protected static void awaitPublished(EventPublisher publisher, InMemoryEventStore store) throws InterruptedException {
        assertThat(publisher.awaitPublished(store.headPosition(), WAIT))
                .as("published up to the head; status %s, health %s", publisher.status(), publisher.health()).isTrue();
    }

    @Test
    void publishes_every_event_with_its_whole_envelope() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        Metadata metadata = new Metadata("req-1 ü", "cmd-7", Map.of("tenant", "acme", "note", "two\nlines, 100% ü"));
        store.append(StreamId.of("account-1"), ExpectedVersion.noStream(),
                new EventData(UUID.randomUUID(), "Opened", 3, "{\"owner\":\"Zoë\",\"n\":1.5}".getBytes(StandardCharsets.UTF_8), metadata),
                EventData.of("Deposited", "{\"amount\":10}"));
        // Stream ids that are not safe as subject or topic tokens.
        store.append(StreamId.of("odd.stream id*>"), ExpectedVersion.any(), EventData.of("Type.With.Dots", "{}"));
        store.append(StreamId.of("ünïcode-ß"), ExpectedVersion.any(), EventData.of("Deposited", "{\"a\":[1,2,{}]}"));
        try (BrokerChannel channel = openChannel("envelope", 0);
             EventPublisher publisher = channel.publisher(store, options("envelope"))) {
            publisher.start();
            awaitPublished(publisher, store);
            PublishedLog.assertPublished(log(store), channel.readAll(4, WAIT), 0);
            assertThat(publisher.health().state()).isEqualTo(PublisherHealth.State.HEALTHY);
            assertThat(publisher.health().acknowledged()).isEqualTo(4);
        }
    }

    @Test
    void keeps_each_streams_order_while_writers_append_concurrently() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        try (BrokerChannel channel = openChannel("order", 0);
             EventPublisher publisher = channel.publisher(store, options("order"))) {
            publisher.start();
            List<Race.Outcome<Integer>> outcomes = Race.run(4, writer -> () -> {
                for (int i = 0; i < 100; i++) {
                    append(store, "account-" + (i % 7), "Deposited", "{\"writer\":" + writer + ",\"i\":" + i + "}");
                }
                return 100;
            });
            assertThat(outcomes).allMatch(Race.Outcome::succeeded);
            awaitPublished(publisher, store);
            PublishedLog.assertPublished(log(store), channel.readAll(400, WAIT), 0);
        }
    }

    @Test
    void publishes_only_what_its_filter_selects_and_its_checkpoint_moves_past_the_rest() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        for (int i = 0; i < 60; i++) {
            append(store, (i % 3 == 0 ? "audit-" : "account-") + (i % 5), i % 2 == 0 ? "Deposited" : "Withdrawn", "{}");
        }
        List<RecordedEvent> selected = new ArrayList<>();
        for (RecordedEvent event : log(store)) {
            if (event.streamId().value().startsWith("account-") && event.type().equals("Deposited")) {
                selected.add(event);
            }
        }
        try (BrokerChannel channel = openChannel("filter", 0);
             EventPublisher publisher = channel.publisher(store, options("filter")
                     .withFilter(EventFilter.streamPrefix("account-").andTypes("Deposited")))) {
            publisher.start();
            awaitPublished(publisher, store);
            assertThat(publisher.status().checkpoint()).isEqualTo(store.headPosition());
            PublishedLog.assertPublished(selected, channel.readAll(selected.size(), WAIT), 0);
        }
    }

    @Test
    void a_restarted_publisher_resumes_from_its_checkpoint() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        PublisherOptions options = options("resume");
        try (BrokerChannel channel = openChannel("resume", 0)) {
            for (int i = 0; i < 120; i++) {
                append(store, "account-" + (i % 4), "Deposited", "{}");
            }
            try (EventPublisher first = channel.publisher(store, options)) {
                first.start();
                awaitPublished(first, store);
            }
            for (int i = 0; i < 80; i++) {
                append(store, "account-" + (i % 4), "Withdrawn", "{}");
            }
            try (EventPublisher second = channel.publisher(store, options)) {
                second.start();
                awaitPublished(second, store);
                assertThat(second.status().processed()).as("events the second one published").isEqualTo(80);
            }
            PublishedLog.assertPublished(log(store), channel.readAll(200, WAIT), 0);
        }
    }

    @Test
    void one_publisher_per_name_publishes_and_another_takes_over_when_it_stops() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        InMemoryLeases leases = new InMemoryLeases();
        PublisherOptions options = options("leased");
        try (BrokerChannel channel = openChannel("leased", 0);
             EventPublisher standby = channel.publisher(store, options.withLease(leases.lease("leased")))) {
            EventPublisher active = channel.publisher(store, options.withLease(leases.lease("leased")));
            active.start();
            awaitStatus(active, ProjectionStatus.State.RUNNING);
            standby.start();
            for (int i = 0; i < 100; i++) {
                append(store, "account-" + (i % 3), "Deposited", "{}");
            }
            awaitPublished(active, store);
            awaitPublished(standby, store); // follows the active one's checkpoint
            assertThat(standby.health().state()).isEqualTo(PublisherHealth.State.STANDBY);
            assertThat(standby.status().processed()).isZero();

            active.close();
            for (int i = 0; i < 100; i++) {
                append(store, "account-" + (i % 3), "Withdrawn", "{}");
            }
            awaitPublished(standby, store);
            assertThat(standby.status().processed()).isPositive();
            PublishedLog.assertPublished(log(store), channel.readAll(200, WAIT), 0);
        }
    }

    @Test
    void a_message_the_broker_refuses_stops_the_publisher_just_before_it() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        for (int i = 0; i < 30; i++) {
            append(store, "account-" + (i % 3), "Deposited", "{}");
        }
        RecordedEvent last = log(store).get(29);
        append(store, "account-1", "Huge", "{\"blob\":\"" + "x".repeat(40_000) + "\"}");
        for (int i = 0; i < 10; i++) {
            append(store, "account-" + (i % 3), "Deposited", "{}");
        }
        try (BrokerChannel channel = openChannel("refused", 20_000);
             EventPublisher publisher = channel.publisher(store,
                     options("refused").withProjection(options("refused").projection().withFailurePolicy(FailurePolicy.STOP, 2)))) {
            publisher.start();
            awaitStatus(publisher, ProjectionStatus.State.FAILED);
            assertThat(publisher.health().state()).isEqualTo(PublisherHealth.State.FAILED);
            assertThat(publisher.status().checkpoint()).isEqualTo(last.logPosition());
            assertThat(publisher.status().lastError()).contains("Huge");
            // Events after the refused one may have reached the broker while it was in flight,
            // and the failure may have cut off acknowledgements of the page (re-sent: at most
            // one page of duplicates); everything before it is there, and the refused one is not.
            List<RecordedEvent> received = channel.readAll(31, Duration.ofSeconds(3));
            assertThat(received).noneMatch(event -> event.type().equals("Huge"));
            PublishedLog.assertPublished(log(store).subList(0, 30), received.stream()
                    .filter(event -> !event.logPosition().isAfter(last.logPosition())).toList(), PAGE);
        }
    }

    @Test
    void a_refused_message_is_parked_with_its_streams_later_events_which_go_out_in_order_once_it_is_skipped()
            throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        for (int i = 0; i < 20; i++) {
            append(store, "account-" + (i % 3), "Deposited", "{}");
        }
        append(store, "account-2", "Huge", "{\"blob\":\"" + "x".repeat(40_000) + "\"}");
        for (int i = 0; i < 20; i++) {
            append(store, "account-" + (i % 3), "Withdrawn", "{}");
        }
        List<RecordedEvent> publishable = new ArrayList<>(log(store));
        RecordedEvent huge = publishable.remove(20);
        // The stream's later events wait behind the parked one, so its order holds on the broker.
        List<RecordedEvent> heldBack = publishable.subList(20, publishable.size()).stream()
                .filter(event -> event.streamId().equals(huge.streamId())).toList();
        List<RecordedEvent> publishedFirst = publishable.stream().filter(event -> !heldBack.contains(event)).toList();
        try (BrokerChannel channel = openChannel("parked", 20_000);
             EventPublisher publisher = channel.publisher(store,
                     options("parked").withProjection(options("parked").projection().withFailurePolicy(FailurePolicy.PARK, 2))
                             .withDeadLetters(new InMemoryDeadLetterStore()))) {
            publisher.start();
            awaitPublished(publisher, store);
            assertThat(publisher.runner().parkedEvents()).extracting(ParkedEvent::event)
                    .containsExactlyElementsOf(Stream.concat(Stream.of(huge),
                            heldBack.stream()).toList());
            // The held-back events of the refused one's page may have left before the broker
            // refused it (NATS refuses on the server); they come again, with their ids, later.
            Set<UUID> held = heldBack.stream().map(RecordedEvent::eventId).collect(Collectors.toSet());
            List<RecordedEvent> received = channel.readAll(publishedFirst.size(), WAIT);
            assertThat(received).noneMatch(event -> event.type().equals("Huge"));
            PublishedLog.assertPublished(publishedFirst,
                    received.stream().filter(event -> !held.contains(event.eventId())).toList(), PAGE);

            assertThat(publisher.runner().skipParked(huge.eventId())).isTrue();
            assertThat(publisher.runner().replayParked()).isEqualTo(heldBack.size());
            assertThat(publisher.runner().parkedEvents()).isEmpty();
            PublishedLog.assertPublished(publishable, channel.readAll(publishable.size(), WAIT), PAGE);
        }
    }

    @Test
    void the_consumer_hands_every_event_once_to_its_handler_in_each_streams_order() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        for (int i = 0; i < 150; i++) {
            append(store, "account-" + (i % 6), i % 4 == 0 ? "Withdrawn" : "Deposited", "{\"i\":" + i + "}");
        }
        List<RecordedEvent> handled = Collections.synchronizedList(new ArrayList<>());
        try (BrokerChannel channel = openChannel("consumer", 0)) {
            // Two publishers of the same log: every event goes out twice, with the same id.
            try (EventPublisher first = channel.publisher(store, options("consumer-a"));
                 EventPublisher second = channel.publisher(store, options("consumer-b"))) {
                first.start();
                awaitPublished(first, store);
                second.start();
                awaitPublished(second, store);
            }
            int messages = channel.readAll(150, WAIT).size();
            try (EventConsumer consumer = new EventConsumer(channel.source("read-model"),
                    new DeduplicatingHandler("read-model", handled::add, new InMemoryDeliveryLedger()))) {
                consumer.start();
                awaitCondition(() -> consumer.status().applied() + consumer.status().duplicates() >= messages,
                        () -> "consumer " + consumer.status());
                assertThat(consumer.status().state()).isEqualTo(EventConsumer.State.RUNNING);
                assertThat(consumer.status().applied()).isEqualTo(150);
                assertThat(consumer.status().duplicates()).isEqualTo(messages - 150);
            }
            PublishedLog.assertPublished(log(store), handled, 0);
            assertThat(new HashSet<>(handled)).hasSize(150);
        }
    }

    protected static void awaitStatus(EventPublisher publisher, ProjectionStatus.State state) {
        awaitCondition(() -> publisher.status().state() == state, () -> "status " + publisher.status());
    }

    protected static void awaitCondition(java.util.function.BooleanSupplier condition,
                                         java.util.function.Supplier<String> description) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + description.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}

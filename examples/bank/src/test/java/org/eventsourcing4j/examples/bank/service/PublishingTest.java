package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.examples.bank.BankService;
import org.eventsourcing4j.kafka.KafkaChannel;
import org.eventsourcing4j.kafka.KafkaTestBroker;
import org.eventsourcing4j.nats.NatsChannel;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.publishing.BrokerChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code --publish-kafka} and {@code --publish-nats}: the bank publishes its account events to
 * a real Kafka broker (KRaft, a child JVM) and to the JetStream server on 4222, and a
 * consumer reads back every event of every account, in each account's order, with the
 * envelope; a restart publishes nothing twice beyond what the checkpoint allows (none here:
 * every page was acknowledged before the stop).
 */
class PublishingTest {
    private static final String NATS_URL = System.getProperty("es4j.nats.url", "nats://127.0.0.1:4222");

    @TempDir
    Path directory;

    @Test
    void account_events_reach_kafka_with_their_envelope_in_each_accounts_order() throws Exception {
        try (KafkaChannel channel = KafkaChannel.create(KafkaTestBroker.shared(), "bank", 0)) {
            List<String> arguments = List.of("--bank.publish.kafka=" + channel.address().get(0),
                    "--bank.publish.kafka-topic=" + channel.topic());
            publishAndReadBack(channel, arguments, "bankKafka");
        }
    }

    @Test
    void account_events_reach_jetstream_with_their_envelope_in_each_accounts_order() throws Exception {
        try (NatsChannel channel = NatsChannel.create(NATS_URL, "bank", 0)) {
            List<String> arguments = List.of("--bank.publish.nats=" + channel.address().get(0),
                    "--bank.publish.nats-prefix=" + channel.address().get(2));
            publishAndReadBack(channel, arguments, "bankNats");
        }
    }

    private void publishAndReadBack(BrokerChannel channel, List<String> arguments, String healthName) throws Exception {
        List<String> ids = new ArrayList<>();
        try (BankService service = BankService.start(BankFixture.testConfig().withDataDirectory(directory), arguments,
                false)) {
            BankClient client = new BankClient(service.baseUri());
            for (int i = 0; i < 3; i++) {
                String id = client.open("user" + i + "@example.com", "User " + i, "EUR");
                ids.add(id);
                assertThat(client.deposit(id, "10.00").statusCode()).isEqualTo(200);
                assertThat(client.withdraw(id, "2.50").statusCode()).isEqualTo(200);
            }
            List<RecordedEvent> published = channel.readAll(9, Duration.ofSeconds(60));
            assertThat(published).hasSize(9);
            for (String id : ids) {
                List<RecordedEvent> account = published.stream()
                        .filter(event -> event.streamId().equals(StreamId.of("account-" + id))).toList();
                assertThat(account).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
                assertThat(account).extracting(RecordedEvent::type)
                        .containsExactly("AccountCreated", "MoneyDeposited", "MoneyWithdrawn");
                assertThat(account.get(1).dataAsString()).contains("10.00");
            }
            assertThat(published).extracting(RecordedEvent::eventId).doesNotHaveDuplicates();

            HttpResponse<String> health = client.get("/actuator/health");
            JsonNode component = BankClient.json(health).get("components").get(healthName);
            assertThat(component.get("status").stringValue()).as(health.body()).isEqualTo("UP");
            assertThat(component.get("details").get("acknowledged").longValue()).isEqualTo(9);
            assertThat(client.get("/actuator/prometheus").body()).contains("eventsourcing4j_publisher");
        }
        // A restart goes on from the checkpoint: one more event, and nothing sent twice.
        try (BankService service = BankService.start(BankFixture.testConfig().withDataDirectory(directory), arguments,
                false)) {
            BankClient client = new BankClient(service.baseUri());
            assertThat(client.deposit(ids.get(0), "1.00").statusCode()).isEqualTo(200);
            List<RecordedEvent> published = channel.readAll(10, Duration.ofSeconds(60));
            assertThat(published).hasSize(10);
            assertThat(published).extracting(RecordedEvent::eventId).doesNotHaveDuplicates();
            assertThat(published).filteredOn(event -> event.streamId().equals(StreamId.of("account-" + ids.get(0))))
                    .extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L, 4L);
        }
    }
}

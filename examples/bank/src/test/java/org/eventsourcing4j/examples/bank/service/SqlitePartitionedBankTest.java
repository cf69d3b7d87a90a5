package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eventsourcing4j.examples.bank.BankService;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The bank on SQLite with the account projection in 3 segments, all run by this one instance:
 * {@code GET /projections}, {@code /metrics} and the console show the partitioned projection in
 * total and per segment, and the console's rebuild is carried out by the instance.
 */
class SqlitePartitionedBankTest {
    @TempDir
    Path directory;
    private BankService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void projections_metrics_and_the_console_show_every_segment_and_the_total() throws Exception {
        service = BankService.start(BankFixture.testConfig().withDataDirectory(directory),
                List.of("--bank.projection.segments=3", "--bank.projection.instance=solo",
                        "--bank.projection.heartbeat=100ms", "--bank.projection.claim-timeout=2s"), false);
        BankClient client = new BankClient(service.baseUri());
        String id = client.open("ann@example.com", "Ann", "EUR");
        assertThat(client.deposit(id, "2.50").statusCode()).isEqualTo(200);
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("2.50");

        JsonNode accounts = awaitRunning(client);
        assertThat(accounts.get("partitioned").asBoolean()).isTrue();
        assertThat(accounts.get("generation").asLong()).isEqualTo(1);
        assertThat(accounts.get("lagEvents").asLong()).isZero();
        assertThat(accounts.get("processed").asLong()).as("two events: opened, deposited").isEqualTo(2);
        assertThat(accounts.get("segments")).hasSize(3).allSatisfy(segment -> {
            assertThat(segment.get("owner").asString()).isEqualTo("solo");
            assertThat(segment.get("epoch").asLong()).isPositive();
            assertThat(segment.get("state").asString()).isEqualTo("running");
            assertThat(segment.get("lagEvents").asLong()).isZero();
            assertThat(segment.get("checkpoint").asString()).isEqualTo(accounts.get("head").asString());
        });
        assertThat(BankClient.json(client.get("/health")).get("projections").get(AccountProjection.NAME).asString())
                .isEqualTo("running");

        String metrics = client.get("/metrics").body();
        assertThat(metrics).contains("eventsourcing4j_partition_segments{projection=\"" + AccountProjection.NAME + "\"} 3.0")
                .contains("eventsourcing4j_partition_segment_lag_events{projection=\"" + AccountProjection.NAME
                        + "\",segment=\"2\"} 0.0")
                .contains("eventsourcing4j_partition_segments_unclaimed{projection=\"" + AccountProjection.NAME
                        + "\"} 0.0");

        // The console (and es4j, which reads the same tables) lists it once, with its segments and owners.
        JsonNode listed = findProjection(BankClient.json(client.get("/console/api/projections")));
        assertThat(listed.get("holder").asString()).isEqualTo("solo");
        assertThat(listed.get("segments")).hasSize(3)
                .allSatisfy(segment -> assertThat(segment.get("owner").asString()).isEqualTo("solo"));
        assertThat(BankClient.json(client.get("/console/api/projections")))
                .noneSatisfy(p -> assertThat(p.get("name").asString()).contains("#"));
    }

    private static JsonNode findProjection(JsonNode list) {
        for (JsonNode projection : list) {
            if (projection.get("name").asString().equals(AccountProjection.NAME)) {
                return projection;
            }
        }
        throw new AssertionError("no " + AccountProjection.NAME + " in " + list);
    }

    private static JsonNode awaitRunning(BankClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode accounts = null;
        while (System.nanoTime() < deadline) {
            JsonNode projections = BankClient.json(client.get("/projections")).get("projections");
            accounts = findProjection(projections);
            if (accounts.get("state").asString().equals("running") && accounts.get("processed").asLong() == 2) {
                return accounts;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the partitioned projection is not running: " + accounts);
    }
}

package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The web console the bank serves, read-only, at /console/: over HTTP, as a browser would ask. */
abstract class ConsoleContract extends ServiceTestBase {

    /** Whether the store has a horizon page (PostgreSQL). */
    protected abstract boolean hasHorizon();

    @Test
    void the_pages_and_their_assets_are_served_from_the_jar_below_the_mount_path() {
        HttpResponse<String> bare = client.get("/console");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");

        HttpResponse<String> page = client.get("/console/");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("assets/app.js").contains("assets/style.css");
        assertThat(client.get("/console/assets/app.js").statusCode()).isEqualTo(200);
        assertThat(client.get("/console/assets/nothing.js").statusCode()).isEqualTo(404);

        JsonNode info = BankClient.json(client.get("/console/api/info"));
        assertThat(info.get("aggregates").toString()).contains("account");
        assertThat(info.get("horizon").booleanValue()).isEqualTo(hasHorizon());
    }

    @Test
    void time_travel_shows_an_accounts_balance_at_each_of_its_versions() {
        String id = client.open("ada@example.com", "Ada Lovelace", "EUR");
        assertThat(client.deposit(id, "100.00").statusCode()).isEqualTo(200);
        assertThat(client.withdraw(id, "30.00").statusCode()).isEqualTo(200);

        JsonNode streams = BankClient.json(client.get("/console/api/streams?prefix=account-"));
        assertThat(streams.get("streams").toString()).contains("account-" + id);

        JsonNode events = BankClient.json(client.get("/console/api/stream?id=account-" + id));
        assertThat(events.get("events").size()).isEqualTo(3);
        assertThat(events.get("aggregate").stringValue()).isEqualTo("account");

        assertThat(stateAt(id, 1).get("balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(stateAt(id, 2).get("balance").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(stateAt(id, 3).get("balance").decimalValue()).isEqualByComparingTo("70.00");
        assertThat(stateAt(id, 3).get("email").stringValue()).isEqualTo("ada@example.com");

        assertThat(client.get("/console/api/stream?id=account-nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void it_is_read_only_admin_actions_are_refused() {
        HttpResponse<String> rebuild = client.post("/console/api/projection", "{\"name\":\"accounts\",\"action\":\"rebuild\"}",
                "X-Es4j-Token", "0123456789abcdef0123");
        assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(403);
        assertThat(rebuild.body()).contains("read-only");
        // and the account projection keeps running: a new account shows up in the read model
        String id = client.open("grace@example.com", "Grace Hopper", null);
        assertThat(client.account(id).get("name").stringValue()).isEqualTo("Grace Hopper");
    }

    @Test
    void the_live_log_streams_new_events_and_ends_when_the_service_stops() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(service.baseUri().resolve("/console/api/log/live"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> live = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> lines = new ArrayList<>();
        CompletableFuture<Boolean> sawDeposit = new CompletableFuture<>();
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(live.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith("data:") && line.contains("MoneyDeposited")) {
                        sawDeposit.complete(true);
                    }
                }
            } catch (java.io.IOException e) {
                // the connection was closed: the stream ended
            }
        });
        String id = client.open("live@example.com", "Live Reader", null);
        assertThat(client.deposit(id, "5.00").statusCode()).isEqualTo(200);
        assertThat(sawDeposit.get(30, TimeUnit.SECONDS)).isTrue();
        synchronized (lines) {
            assertThat(lines).anyMatch(line -> line.startsWith("data:") && line.contains("account-" + id));
        }

        // An open page does not hold the graceful shutdown up for its whole timeout.
        long started = System.nanoTime();
        service.close();
        service = null;
        ended.get(20, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("stopping with a live log open (the graceful shutdown timeout is 30 s)")
                .isLessThan(Duration.ofSeconds(25));
    }

    private JsonNode stateAt(String id, int version) {
        HttpResponse<String> response = client.get("/console/api/stream/state?id=account-" + id + "&version=" + version);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return BankClient.json(response).get("state");
    }
}

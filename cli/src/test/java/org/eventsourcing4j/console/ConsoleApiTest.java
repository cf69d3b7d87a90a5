package org.eventsourcing4j.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console's API over real HTTP: reads, time travel, the live log, and who may do admin actions. */
class ConsoleApiTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TOKEN = "a-test-token-of-some-length";
    @TempDir
    Path directory;
    SqliteEventStore store;

    @BeforeEach
    void open() {
        store = SqliteEventStore.open(directory.resolve("events.db"));
        AggregateRepository<Wallet, Wallet.Event> wallets = new AggregateRepository<>(store, Wallet.CODEC, Wallet.TYPE);
        Wallet wallet = Wallet.open("w1", "Ada");
        wallet.deposit("100.00");
        wallets.save(wallet);
        wallets.update("w1", w -> w.withdraw("30.00"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void serves_its_page_and_assets_from_the_jar_with_a_strict_content_security_policy() throws Exception {
        try (ConsoleServer console = new ConsoleServer(store, ConsoleOptions.readOnly())) {
            HttpResponse<String> page = console.get("");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script src=\"assets/app.js\"").doesNotContain("http://", "https://");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe"));
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(console.get("assets/app.js").body()).contains("function h(").doesNotContain("innerHTML");
            assertThat(console.get("assets/style.css").statusCode()).isEqualTo(200);
            assertThat(console.get("nothing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void reads_streams_events_and_the_folded_state_at_a_version() throws Exception {
        try (ConsoleServer console = new ConsoleServer(store, ConsoleOptions.readOnly().withAggregate(Wallet.VIEW))) {
            JsonNode streams = JSON.readTree(console.get("api/streams?prefix=wallet-").body());
            assertThat(streams.get("streams").get(0).get("stream").asString()).isEqualTo("wallet-w1");
            JsonNode stream = JSON.readTree(console.get("api/stream?id=wallet-w1").body());
            assertThat(stream.get("version").asLong()).isEqualTo(3);
            assertThat(stream.get("aggregate").asString()).isEqualTo("wallet");
            assertThat(stream.get("events")).hasSize(3);
            assertThat(stream.get("events").get(1).get("data").get("amount").decimalValue()).isEqualByComparingTo("100");
            JsonNode atTwo = JSON.readTree(console.get("api/stream/state?id=wallet-w1&version=2").body());
            assertThat(atTwo.get("state").get("balance").decimalValue()).isEqualByComparingTo("100.00");
            JsonNode atThree = JSON.readTree(console.get("api/stream/state?id=wallet-w1&version=3").body());
            assertThat(atThree.get("state").get("balance").decimalValue()).isEqualByComparingTo("70.00");
            assertThat(console.get("api/stream/state?id=wallet-w1&version=9").statusCode()).isEqualTo(404);
            assertThat(console.get("api/stream?id=wallet-none").statusCode()).isEqualTo(404);
            String eventId = stream.get("events").get(0).get("eventId").asString();
            assertThat(JSON.readTree(console.get("api/event?id=" + eventId).body()).get("type").asString())
                    .isEqualTo("WalletOpened");
            assertThat(console.get("api/event?id=nope").statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(console.get("api/horizon").body()).get("applies").asBoolean()).isFalse();
        }
    }

    @Test
    void the_live_log_streams_appended_events_as_server_sent_events() throws Exception {
        try (ConsoleServer console = new ConsoleServer(store, ConsoleOptions.readOnly())) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(console.base + "api/log/live")).build();
            HttpResponse<java.io.InputStream> response = console.client.send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("data: ")) {
                            return line.substring(6);
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(200);
            store.append(StreamId.of("live-1"), ExpectedVersion.noStream(), EventData.of("Live", "{\"n\":1}"));
            JsonNode event = JSON.readTree(data.get(20, TimeUnit.SECONDS));
            assertThat(event.get("stream").asString()).isEqualTo("live-1");
            response.body().close();
        }
    }

    @Test
    void a_read_only_console_refuses_every_admin_action() throws Exception {
        try (ConsoleServer console = new ConsoleServer(store, ConsoleOptions.readOnly())) {
            HttpResponse<String> refused = console.post("api/projection", "{\"projection\":\"p\",\"action\":\"rebuild\"}",
                    "Content-Type", "application/json", "X-Es4j-Token", TOKEN);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("read-only");
            assertThat(JSON.readTree(console.get("api/info").body()).get("admin").asBoolean()).isFalse();
        }
    }

    @Test
    void admin_actions_need_the_token_a_json_body_and_a_same_origin_request() throws Exception {
        try (ConsoleServer console = new ConsoleServer(store, ConsoleOptions.readOnly().withAdminToken(TOKEN))) {
            String body = "{\"projection\":\"nonesuch\",\"action\":\"rebuild\"}";
            assertThat(console.post("api/projection", body, "Content-Type", "application/json").statusCode())
                    .isEqualTo(401);
            assertThat(console.post("api/projection", body, "Content-Type", "application/json", "X-Es4j-Token",
                    TOKEN + "x").statusCode()).isEqualTo(401);
            assertThat(console.post("api/projection", body, "Content-Type", "application/x-www-form-urlencoded",
                    "X-Es4j-Token", TOKEN).statusCode()).isEqualTo(415);
            assertThat(console.post("api/projection", body, "Content-Type", "application/json", "X-Es4j-Token", TOKEN,
                    "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
            assertThat(console.post("api/projection", body, "Content-Type", "application/json", "X-Es4j-Token", TOKEN,
                    "Origin", "https://evil.example").statusCode()).isEqualTo(403);
            HttpResponse<String> allowed = console.post("api/projection", body, "Content-Type", "application/json",
                    "X-Es4j-Token", TOKEN, "Sec-Fetch-Site", "same-origin",
                    "Origin", "http://127.0.0.1:" + console.server.getAddress().getPort());
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(404);
            assertThat(allowed.body()).contains("no projection 'nonesuch'");
        }
    }

    @Test
    void a_console_limited_to_its_own_host_names_refuses_other_hosts() throws Exception {
        try (ConsoleServer console = new ConsoleServer(store, ConsoleOptions.readOnly()
                .withAllowedHosts(Set.of("localhost:1")))) {
            assertThat(console.get("api/streams").statusCode()).isEqualTo(421);
        }
    }

    @Test
    void admin_tokens_are_long_enough() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsoleOptions.readOnly().withAdminToken("short"))
                .hasMessageContaining("at least 16 characters");
        assertThat(Duration.ofSeconds(2)).isEqualTo(ConsoleOptions.readOnly().lagSample());
    }
}

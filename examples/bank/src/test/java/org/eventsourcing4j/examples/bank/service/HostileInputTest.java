package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eventsourcing4j.examples.bank.BankService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The service under input an attacker would send (issue 13, items 8 to 11), on the Spring
 * server: every answer is a bounded problem, nothing hangs, nothing leaks, and the API keeps
 * answering others.
 */
class HostileInputTest extends ServiceTestBase {
    @TempDir
    Path directory;

    @Override
    protected BankFixture fixture() {
        return new SqliteFixture(directory);
    }

    @Test
    void a_number_with_a_huge_exponent_is_refused_at_parse_time_and_never_echoed() {
        String id = client.open("eve@example.com", "Eve", "USD");
        for (String amount : List.of(" 1e999999999", "1e999999999", "1E+999999999", "1e-999999999",
                "-1e999999999", "9e21",
                "0.000000000000000000001")) {
            String body = "{\"amount\":" + amount + "}";
            for (String command : List.of("deposits", "withdrawals")) {
                HttpResponse<String> response = client.post("/accounts/" + id + "/" + command, body);
                JsonNode problem = assertProblem(response, 400, "/problems/malformed-request", "at most 20 digits");
                assertThat(problem.get("field").stringValue()).isEqualTo("amount");
                assertThat(response.body().length()).as(body).isLessThan(1000);
            }
        }
        assertThat("{\"amount\": 1e999999999}".getBytes(StandardCharsets.UTF_8)).hasSize(23);
        // Within the bounds, the account's own rules answer, as before.
        assertProblem(client.post("/accounts/" + id + "/deposits", "{\"amount\":1e15}"), 400,
                "/problems/invalid-request", "too large");
        assertThat(client.post("/accounts/" + id + "/deposits", "{\"amount\":1.5e1}").statusCode()).isEqualTo(200);
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("15.00");
    }

    @Test
    void long_input_is_echoed_cut_short() {
        String id = client.open("eve@example.com", "Eve", "USD");
        String longName = "x".repeat(10_000);
        HttpResponse<String> unknownField = client.post("/accounts/" + id + "/deposits",
                "{\"amount\":\"1.00\",\"" + longName + "\":1}");
        assertProblem(unknownField, 400, "/problems/malformed-request", "unknown field");
        assertThat(unknownField.body().length()).isLessThan(1000);
        HttpResponse<String> badLimit = client.get("/accounts?limit=" + "9".repeat(5_000));
        assertProblem(badLimit, 400, "/problems/malformed-request", "'limit'");
        assertThat(badLimit.body().length()).isLessThan(1000);
    }

    @Test
    void a_json_body_in_utf_16_or_utf_32_is_415_even_without_a_charset() {
        String id = client.open("eve@example.com", "Eve", "USD");
        String json = "{\"amount\":\"1.00\"}";
        for (String charset : List.of("UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32")) {
            HttpRequest request = client.request("/accounts/" + id + "/deposits", "Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.getBytes(Charset.forName(charset)))).build();
            assertProblem(client.send(request), 415, "/problems/unsupported-media-type", "UTF-8");
        }
        HttpRequest latin1 = client.request("/accounts/" + id + "/deposits", "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray("{\"amount\":\"1.00\",\"currency\":\"\u00e9\"}"
                        .getBytes(StandardCharsets.ISO_8859_1))).build();
        assertProblem(client.send(latin1), 415, "/problems/unsupported-media-type", "UTF-8");
        assertThat(client.account(id).get("version").longValue()).isEqualTo(1);
    }

    @Test
    void a_malformed_percent_escape_in_the_path_or_the_query_is_a_problem_not_a_page() {
        for (String target : List.of("/accounts/%zz", "/accounts/%", "/accounts?status=%zz", "/accounts?%e0%=1")) {
            String response = RawHttp.exchange(service.baseUri(), "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(response).as(target).startsWith("HTTP/1.1 400");
            assertThat(response.toLowerCase(java.util.Locale.ROOT)).as(target)
                    .contains("content-type: application/problem+json").doesNotContain("<html");
            assertThat(response).as(target).contains("\"type\":\"/problems/malformed-request\"");
        }
    }

    @Test
    void head_answers_every_get_resource_with_its_headers_and_no_body() {
        String id = client.open("eve@example.com", "Eve", "USD");
        for (String path : List.of("/accounts/" + id, "/accounts", "/accounts/" + id + "/events",
                "/accounts/" + id + "/state?version=1", "/projections", "/health", "/health/ready", "/metrics")) {
            HttpResponse<String> head = client.send(client.request(path).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).as(path).isPresent();
        }
        HttpResponse<String> account = client.send(client.request("/accounts/" + id).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build());
        assertThat(account.headers().firstValue("ETag")).hasValue("\"1\"");
    }

    @Test
    void every_counter_has_help_text_requests_have_histogram_buckets_and_a_405_is_metered_under_its_route() {
        String id = client.open("eve@example.com", "Eve", "USD");
        client.deposit(id, "1.00");
        client.send(client.request("/accounts/" + id).DELETE().build());
        client.get("/nowhere");
        String metrics = client.get("/metrics").body();

        Set<String> counters = new HashSet<>();
        Matcher types = Pattern.compile("(?m)^# TYPE (\\S+) counter$").matcher(metrics);
        while (types.find()) {
            counters.add(types.group(1));
        }
        assertThat(counters).contains("eventsourcing4j_projection_events_processed_total",
                "eventsourcing4j_projection_events_skipped_total", "eventsourcing4j_projection_events_parked_total",
                "eventsourcing4j_projection_retries_total", "bank_snapshots_total");
        for (String counter : counters) {
            Matcher help = Pattern.compile("(?m)^# HELP " + Pattern.quote(counter) + " (.*)$").matcher(metrics);
            assertThat(help.find()).as("HELP of " + counter).isTrue();
            assertThat(help.group(1)).as("HELP of " + counter).isNotBlank();
        }
        assertThat(metrics).containsPattern("http_server_requests_seconds_bucket\\{method=\"POST\","
                + "route=\"/accounts/\\{id\\}/deposits\",status=\"200\",le=\"[0-9.E+-]+\"\\}");
        assertThat(metrics).contains("http_server_requests_seconds_count{method=\"DELETE\",route=\"/accounts/{id}\","
                + "status=\"405\"}");
        assertThat(metrics).contains("http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\","
                + "status=\"404\"}");
    }

    /** Dozens of connections that never finish their headers hold no request thread: the API keeps answering. */
    @Test
    void dozens_of_clients_that_never_finish_their_headers_do_not_stop_the_api() throws IOException {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Socket socket = RawHttp.connect(service.baseUri());
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> health = client.send(client.request("/health").timeout(Duration.ofSeconds(5))
                        .GET().build());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(client.open("u" + i + "@example.com", "U", null)).isNotBlank();
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** A connection that never finishes its headers is closed once the header timeout passed. */
    @Test
    void a_client_that_never_finishes_its_headers_is_disconnected_after_the_header_timeout() throws IOException {
        service.close();
        service = BankService.start(BankFixture.testConfig().withDataDirectory(directory),
                List.of("--server.tomcat.connection-timeout=1s"), false);
        try (Socket socket = RawHttp.connect(service.baseUri())) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.setSoTimeout(15_000);
            long start = System.nanoTime();
            int read;
            try {
                while ((read = socket.getInputStream().read()) >= 0) {
                    // a 408 or 400 is fine too; the server must end the connection
                }
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(14));
        }
    }

    /**
     * Clients that vanish while their error answer is written (the connection reset under it)
     * leave nothing behind: a graceful shutdown afterwards has no request to wait for.
     */
    @Test
    void clients_that_reset_while_an_error_is_written_leak_no_request_and_do_not_stall_shutdown() throws Exception {
        String id = client.open("eve@example.com", "Eve", "USD");
        for (int i = 0; i < 20; i++) {
            try (Socket socket = RawHttp.connect(service.baseUri())) {
                socket.setSoLinger(true, 0); // close sends a reset
                socket.getOutputStream().write(("POST /accounts/" + id + "/deposits HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n{\"amount\":")
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }
        }
        assertThat(client.get("/health").statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        service.close();
        // The shutdown timeout is 30 s; with a leaked request, the close would wait all of it.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        service = fixture().start(BankFixture.testConfig());
        client = new BankClient(service.baseUri());
    }
}

package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every error status of the API, each an RFC 9457 problem; and a rejected request changes
 * nothing: after each test the account still has exactly the events it had before.
 */
abstract class ErrorStatusContract extends ServiceTestBase {
    private String usd;
    private String eventsBefore;

    @BeforeEach
    void openAnAccountWithTenDollars() {
        usd = client.open("ann@example.com", "Ann", "USD");
        assertThat(client.deposit(usd, "10.00").statusCode()).isEqualTo(200);
        eventsBefore = client.get("/accounts/" + usd + "/events").body();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(client.get("/accounts/" + usd + "/events").body()).isEqualTo(eventsBefore);
        JsonNode account = client.account(usd);
        assertThat(account.get("version").longValue()).isEqualTo(2);
        assertThat(account.get("balance").stringValue()).isEqualTo("10.00");
    }

    @Test
    void malformed_json_is_400() {
        JsonNode problem = assertProblem(client.post(deposits(), "{\"amount\": "), 400,
                "/problems/malformed-request", "not valid JSON");
        assertThat(problem.get("detail").stringValue()).contains("line 1");
        assertProblem(client.post(deposits(), "[\"10.00\"]"), 400, "/problems/malformed-request", "must be a JSON object");
        assertProblem(client.post(deposits(), ""), 400, "/problems/malformed-request", "empty");
        assertProblem(client.post(deposits(), "{\"amount\":\"1.00\"} {}"), 400, "/problems/malformed-request", "JSON");
        assertProblem(client.post(deposits(), "{\"amount\":\"1.00\",\"amount\":\"2.00\"}"), 400,
                "/problems/malformed-request", "amount");
    }

    @Test
    void missing_wrong_typed_and_unknown_fields_are_400_naming_the_field() {
        JsonNode missing = assertProblem(client.post(deposits(), "{}"), 400, "/problems/malformed-request",
                "'amount' is required");
        assertThat(missing.get("field").stringValue()).isEqualTo("amount");
        assertProblem(client.post(deposits(), "{\"amount\":null}"), 400, "/problems/malformed-request", "'amount' is required");
        JsonNode wrongType = assertProblem(client.post(deposits(), "{\"amount\":true}"), 400,
                "/problems/malformed-request", "'amount' must be a decimal number");
        assertThat(wrongType.get("field").stringValue()).isEqualTo("amount");
        assertProblem(client.post(deposits(), "{\"amount\":\"ten\"}"), 400, "/problems/malformed-request", "'amount'");
        assertProblem(client.post(deposits(), "{\"amount\":\"1e3\"}"), 400, "/problems/malformed-request", "'amount'");
        assertProblem(client.post(deposits(), "{\"amount\":\" 1.00\"}"), 400, "/problems/malformed-request", "'amount'");
        assertProblem(client.post(deposits(), "{\"amount\":\"1.00\",\"currency\":7}"), 400,
                "/problems/malformed-request", "'currency' must be a string");
        JsonNode unknown = assertProblem(client.post(deposits(), "{\"amount\":\"1.00\",\"memo\":\"rent\"}"), 400,
                "/problems/malformed-request", "unknown field 'memo'");
        assertThat(unknown.get("field").stringValue()).isEqualTo("memo");
        assertProblem(client.post("/accounts", "{\"email\":1,\"name\":\"Bo\"}"), 400,
                "/problems/malformed-request", "'email' must be a string");
        assertProblem(client.post("/accounts", "{\"email\":\"bo@example.com\"}"), 400,
                "/problems/malformed-request", "'name' is required");
        assertProblem(client.post("/accounts/" + usd + "/close", "{}"), 400,
                "/problems/malformed-request", "'reason' is required");
    }

    @Test
    void amounts_and_currencies_that_break_the_rules_are_400() {
        JsonNode zero = assertProblem(client.deposit(usd, "0.00"), 400, "/problems/invalid-request", "positive");
        assertThat(zero.get("rule").stringValue()).isEqualTo("amount-not-positive");
        assertThat(zero.get("field").stringValue()).isEqualTo("amount");
        assertProblem(client.withdraw(usd, "-5.00"), 400, "/problems/invalid-request", "positive");
        assertProblem(client.post(deposits(), "{\"amount\":-1}"), 400, "/problems/invalid-request", "positive");
        JsonNode decimals = assertProblem(client.deposit(usd, "1.001"), 400, "/problems/invalid-request", "decimals");
        assertThat(decimals.get("rule").stringValue()).isEqualTo("too-many-decimals");
        assertProblem(client.post(deposits(), "{\"amount\":0.005}"), 400, "/problems/invalid-request", "decimals");
        assertProblem(client.deposit(usd, "1000000000000000"), 400, "/problems/invalid-request", "too large");
        JsonNode currency = assertProblem(client.post(deposits(), "{\"amount\":\"1.00\",\"currency\":\"XYZ\"}"), 400,
                "/problems/invalid-request", "currency");
        assertThat(currency.get("field").stringValue()).isEqualTo("currency");
        JsonNode mismatch = assertProblem(client.post(deposits(), "{\"amount\":\"1.00\",\"currency\":\"EUR\"}"), 400,
                "/problems/currency-mismatch", "EUR");
        assertThat(mismatch.get("rule").stringValue()).isEqualTo("currency-mismatch");
        assertProblem(client.post("/accounts", "{\"email\":\"x@example.com\",\"name\":\"X\",\"currency\":\"usd\"}"), 400,
                "/problems/invalid-request", "currency");
        assertProblem(client.post("/accounts", "{\"email\":\"not-an-email\",\"name\":\"X\"}"), 400,
                "/problems/invalid-request", "email");
        assertProblem(client.post("/accounts", "{\"email\":\"x@example.com\",\"name\":\"  \"}"), 400,
                "/problems/invalid-request", "name");
        assertThat(CountAccounts.of(client)).isEqualTo(1);
    }

    @Test
    void bad_query_parameters_and_headers_are_400() {
        assertProblem(client.get("/accounts?limit=0"), 400, "/problems/malformed-request", "'limit'");
        assertProblem(client.get("/accounts?limit=abc"), 400, "/problems/malformed-request", "'limit'");
        assertProblem(client.get("/accounts?offset=-1"), 400, "/problems/malformed-request", "'offset'");
        assertProblem(client.get("/accounts?status=frozen"), 400, "/problems/malformed-request", "'status'");
        assertProblem(client.get("/accounts?sort=name"), 400, "/problems/malformed-request", "unknown query parameter 'sort'");
        assertProblem(client.get("/accounts?limit=1&limit=2"), 400, "/problems/malformed-request", "more than once");
        assertProblem(client.get(state("")), 400, "/problems/malformed-request", "exactly one");
        assertProblem(client.get(state("?version=1&at=2025-01-01T00:00:00Z")), 400, "/problems/malformed-request", "exactly one");
        assertProblem(client.get(state("?version=0")), 400, "/problems/malformed-request", "'version'");
        assertProblem(client.get(state("?at=yesterday")), 400, "/problems/malformed-request", "'at'");
        assertProblem(client.post(deposits(), "{\"amount\":\"1.00\"}", "If-Match", "2"), 400,
                "/problems/malformed-request", "If-Match");
        assertProblem(client.post(deposits(), "{\"amount\":\"1.00\"}", "X-Request-Id", "has spaces"), 400,
                "/problems/malformed-request", "X-Request-Id");
    }

    @Test
    void unknown_accounts_and_resources_are_404() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(client.get("/accounts/" + unknown), 404, "/problems/not-found", unknown);
        assertProblem(client.deposit(unknown, "1.00"), 404, "/problems/not-found", unknown);
        assertProblem(client.withdraw(unknown, "1.00"), 404, "/problems/not-found", unknown);
        assertProblem(client.post("/accounts/" + unknown + "/close", "{\"reason\":\"x\"}"), 404, "/problems/not-found", unknown);
        assertProblem(client.get("/accounts/" + unknown + "/events"), 404, "/problems/not-found", unknown);
        assertProblem(client.get("/accounts/" + unknown + "/state?version=1"), 404, "/problems/not-found", unknown);
        assertProblem(client.get("/accounts/not-a-uuid"), 404, "/problems/not-found", "not-a-uuid");
        assertProblem(client.get("/accounts/" + usd.toUpperCase(java.util.Locale.ROOT)), 404, "/problems/not-found", "account");
        assertProblem(client.get(state("?version=3")), 404, "/problems/not-found", "version 3");
        assertProblem(client.get("/nowhere"), 404, "/problems/not-found", "/nowhere");
        assertProblem(client.get("/accounts/" + usd + "/events/1"), 404, "/problems/not-found", "no resource");
    }

    @Test
    void a_method_a_resource_does_not_take_is_405() {
        HttpResponse<String> response = client.send(client.request("/accounts/" + usd).DELETE().build());
        assertProblem(response, 405, "/problems/method-not-allowed", "GET");
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertProblem(client.send(client.request("/accounts").PUT(HttpRequest.BodyPublishers.ofString("{}")).build()),
                405, "/problems/method-not-allowed", "GET, POST");
    }

    @Test
    void insufficient_funds_a_closed_account_and_closing_with_money_are_409() {
        JsonNode funds = assertProblem(client.withdraw(usd, "10.01"), 409, "/problems/insufficient-funds", "insufficient funds");
        assertThat(funds.get("rule").stringValue()).isEqualTo("insufficient-funds");
        assertProblem(client.post("/accounts/" + usd + "/close", "{\"reason\":\"done\"}"), 409,
                "/problems/balance-not-zero", "balance is 10.00");

        String closed = client.open("zed@example.com", "Zed", null);
        assertThat(client.post("/accounts/" + closed + "/close", "{\"reason\":\"done\"}").statusCode()).isEqualTo(200);
        assertProblem(client.deposit(closed, "1.00"), 409, "/problems/account-not-active", "closed");
        assertProblem(client.withdraw(closed, "1.00"), 409, "/problems/account-not-active", "closed");
        assertProblem(client.post("/accounts/" + closed + "/close", "{\"reason\":\"again\"}"), 409,
                "/problems/account-not-active", "closed");
        assertThat(client.account(closed).get("version").longValue()).isEqualTo(2);
    }

    @Test
    void a_stale_if_match_is_412_and_changes_nothing() {
        JsonNode stale = assertProblem(client.post(deposits(), "{\"amount\":\"1.00\"}", "If-Match", "\"1\""), 412,
                "/problems/version-mismatch", "version 2");
        assertThat(stale.get("currentVersion").longValue()).isEqualTo(2);
        assertProblem(client.post("/accounts/" + usd + "/withdrawals", "{\"amount\":\"1.00\"}", "If-Match", "\"3\""), 412,
                "/problems/version-mismatch", "not version 3");
        assertProblem(client.post("/accounts/" + usd + "/close", "{\"reason\":\"x\"}", "If-Match", "\"5\", \"6\""), 412,
                "/problems/version-mismatch", "version 2");
    }

    @Test
    void a_body_over_64_kib_is_413() {
        String big = "{\"amount\":\"1.00\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        JsonNode problem = assertProblem(client.post(deposits(), big), 413, "/problems/body-too-large", "65536 bytes");
        assertThat(problem.get("maxBytes").intValue()).isEqualTo(65536);
        // Chunked, without Content-Length: counted while read.
        HttpRequest chunked = client.request(deposits(), "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build();
        assertProblem(client.send(chunked), 413, "/problems/body-too-large", "64 KiB");
    }

    @Test
    void a_body_that_is_not_json_is_415() {
        HttpResponse<String> text = client.post(deposits(), "amount=1.00", "Content-Type", "text/plain");
        assertProblem(text, 415, "/problems/unsupported-media-type", "application/json");
        assertThat(text.headers().firstValue("Accept-Post")).hasValue("application/json");
        assertProblem(client.post(deposits(), "amount=1.00", "Content-Type", "application/x-www-form-urlencoded"), 415,
                "/problems/unsupported-media-type", "application/json");
        assertProblem(client.post(deposits(), "{\"amount\":\"1.00\"}", "Content-Type", "application/json; charset=iso-8859-1"),
                415, "/problems/unsupported-media-type", "UTF-8");
        HttpRequest noType = client.request(deposits()).POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"1.00\"}")).build();
        assertProblem(client.send(noType), 415, "/problems/unsupported-media-type", "no Content-Type");
        // A charset of UTF-8 is fine.
        HttpResponse<String> fine = client.post(deposits(), "{\"amount\":\"1.00\"}", "Content-Type", "application/json; charset=UTF-8",
                "If-Match", "\"1\"");
        assertProblem(fine, 412, "/problems/version-mismatch", "version 2");
    }

    private String deposits() {
        return "/accounts/" + usd + "/deposits";
    }

    private String state(String query) {
        return "/accounts/" + usd + "/state" + query;
    }

    /** How many accounts the read model lists. */
    static final class CountAccounts {
        private CountAccounts() {
        }

        static int of(BankClient client) {
            return BankClient.json(client.get("/accounts?limit=500")).get("accounts").size();
        }
    }
}

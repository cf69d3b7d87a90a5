package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Commands sent with an {@code Idempotency-Key}: a client that retries after a lost answer
 * gets the original answer, and its command takes effect once.
 */
abstract class IdempotencyContract extends ServiceTestBase {
    private static final String DEPOSIT = "{\"amount\":\"25.00\"}";

    @Test
    void the_same_key_and_body_answer_the_original_result_and_deposit_once() {
        String id = client.open("ida@example.com", "Ida", "EUR");
        HttpResponse<String> first = client.post("/accounts/" + id + "/deposits", DEPOSIT, "Idempotency-Key", "k-1");
        HttpResponse<String> again = client.post("/accounts/" + id + "/deposits", DEPOSIT, "Idempotency-Key", "k-1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(BankClient.json(again)).isEqualTo(BankClient.json(first));
        assertThat(again.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("25.00");
        assertThat(BankClient.json(client.get("/accounts/" + id + "/events"))).hasSize(2);
    }

    @Test
    void the_same_key_with_another_body_is_refused_and_changes_nothing() {
        String id = client.open("ivo@example.com", "Ivo", "EUR");
        assertThat(client.post("/accounts/" + id + "/deposits", DEPOSIT, "Idempotency-Key", "k-2").statusCode())
                .isEqualTo(200);

        HttpResponse<String> reused = client.post("/accounts/" + id + "/deposits", "{\"amount\":\"99.00\"}",
                "Idempotency-Key", "k-2");
        JsonNode problem = assertProblem(reused, 422, "/problems/idempotency-key-reused", "k-2");
        assertThat(problem.get("header").stringValue()).isEqualTo("Idempotency-Key");
        HttpResponse<String> otherCommand = client.post("/accounts/" + id + "/withdrawals", DEPOSIT,
                "Idempotency-Key", "k-2");
        assertProblem(otherCommand, 422, "/problems/idempotency-key-reused", "k-2");
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("25.00");
    }

    @Test
    void an_account_opened_twice_with_one_key_is_one_account() {
        String body = "{\"email\":\"ines@example.com\",\"name\":\"Ines\",\"currency\":\"EUR\"}";
        HttpResponse<String> first = client.post("/accounts", body, "Idempotency-Key", "open-ines");
        HttpResponse<String> again = client.post("/accounts", body, "Idempotency-Key", "open-ines");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(BankClient.json(again)).isEqualTo(BankClient.json(first));
        String id = BankClient.json(first).get("id").stringValue();
        assertThat(BankClient.json(client.get("/accounts/" + id + "/events"))).hasSize(1);
        assertProblem(client.post("/accounts", body.replace("Ines", "Inez"), "Idempotency-Key", "open-ines"),
                422, "/problems/idempotency-key-reused", "open-ines");
    }

    @Test
    void a_retry_is_answered_from_the_original_even_when_its_if_match_is_stale_by_now() {
        String id = client.open("ian@example.com", "Ian", "EUR");
        HttpResponse<String> first = client.post("/accounts/" + id + "/deposits", DEPOSIT,
                "If-Match", "\"1\"", "Idempotency-Key", "k-3");
        HttpResponse<String> again = client.post("/accounts/" + id + "/deposits", DEPOSIT,
                "If-Match", "\"1\"", "Idempotency-Key", "k-3");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(BankClient.json(again)).isEqualTo(BankClient.json(first));
        assertProblem(client.post("/accounts/" + id + "/deposits", DEPOSIT, "If-Match", "\"1\"",
                "Idempotency-Key", "k-4"), 412, "/problems/version-mismatch", "version 2");
    }

    @Test
    void a_malformed_key_is_refused_and_names_the_header() {
        String id = client.open("iris@example.com", "Iris", "EUR");
        for (String key : List.of("", "x".repeat(201), "has space", "\"\"")) {
            JsonNode problem = assertProblem(client.post("/accounts/" + id + "/deposits", DEPOSIT,
                    "Idempotency-Key", key), 400, "/problems/malformed-request", "Idempotency-Key");
            assertThat(problem.get("header").stringValue()).isEqualTo("Idempotency-Key");
        }
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("0.00");
    }

    /** Many copies of one request at once (a client's retries racing each other): one takes effect. */
    @RepeatedTest(3)
    void concurrent_copies_of_one_keyed_request_deposit_once() throws Exception {
        String id = client.open("ivy@example.com", "Ivy", "EUR");
        int copies = 8;
        CyclicBarrier start = new CyclicBarrier(copies);
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return client.post("/accounts/" + id + "/deposits", DEPOSIT, "Idempotency-Key", "race");
                }));
            }
            List<JsonNode> bodies = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                bodies.add(BankClient.json(response));
            }
            assertThat(bodies).allSatisfy(body -> assertThat(body).isEqualTo(bodies.get(0)));
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("25.00");
        assertThat(BankClient.json(client.get("/accounts/" + id + "/events"))).hasSize(2);
    }
}

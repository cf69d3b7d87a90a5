package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Currency;
import java.util.Random;
import java.util.UUID;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvents;
import org.eventsourcing4j.examples.bank.domain.TransferReceived;
import org.eventsourcing4j.examples.bank.domain.TransferSent;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.aggregate.CommandContext;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.testkit.Race;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /transfers} over real HTTP: one atomic move of money between two accounts. */
abstract class TransferContract extends ServiceTestBase {
    private static final int ACCOUNTS = 10;
    private static final int RACERS = 20;
    private static final int TRANSFERS_PER_RACER = 10;
    private static final Metadata FORGED = CommandContext.command("forged").metadata();

    static String transfer(String from, String to, String amount) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":\"" + amount + "\"}";
    }

    @Test
    void a_transfer_moves_the_money_and_both_audit_trails_show_it_with_one_correlation_id() {
        String ann = client.open("ann@example.com", "Ann", "USD");
        String bob = client.open("bob@example.com", "Bob", "USD");
        assertThat(client.deposit(ann, "100.00").statusCode()).isEqualTo(200);

        HttpResponse<String> response = client.post("/transfers", transfer(ann, bob, "30"), "X-Request-Id", "tx-1");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"3\"");
        JsonNode body = BankClient.json(response);
        String transferId = body.get("id").stringValue();
        assertThat(UUID.fromString(transferId).toString()).isEqualTo(transferId);
        assertThat(body.get("from").stringValue()).isEqualTo(ann);
        assertThat(body.get("to").stringValue()).isEqualTo(bob);
        assertThat(body.get("amount").stringValue()).isEqualTo("30.00");
        assertThat(body.get("currency").stringValue()).isEqualTo("USD");
        assertThat(body.get("fromVersion").longValue()).isEqualTo(3);
        assertThat(body.get("toVersion").longValue()).isEqualTo(2);

        // The read model has both sides.
        assertThat(client.account(ann).get("balance").stringValue()).isEqualTo("70.00");
        assertThat(client.account(ann).get("version").longValue()).isEqualTo(3);
        assertThat(client.account(bob).get("balance").stringValue()).isEqualTo("30.00");
        assertThat(client.account(bob).get("version").longValue()).isEqualTo(2);

        JsonNode sent = BankClient.json(client.get("/accounts/" + ann + "/events?from=3")).get(0);
        JsonNode received = BankClient.json(client.get("/accounts/" + bob + "/events?from=2")).get(0);
        assertThat(sent.get("type").stringValue()).isEqualTo("TransferSent");
        assertThat(received.get("type").stringValue()).isEqualTo("TransferReceived");
        assertThat(sent.get("data").get("transferId").stringValue()).isEqualTo(transferId);
        assertThat(received.get("data").get("transferId").stringValue()).isEqualTo(transferId);
        assertThat(sent.get("metadata").get("correlationId").stringValue()).isEqualTo("tx-1");
        assertThat(received.get("metadata").get("correlationId").stringValue()).isEqualTo("tx-1");
        // One append: adjacent in the global log.
        assertThat(Math.abs(sent.get("position").longValue() - received.get("position").longValue())).isEqualTo(1);

        // Time travel: before and after, on both sides.
        assertThat(state(ann, 2).get("balance").stringValue()).isEqualTo("100.00");
        assertThat(state(ann, 3).get("balance").stringValue()).isEqualTo("70.00");
        assertThat(state(bob, 1).get("balance").stringValue()).isEqualTo("0.00");
        assertThat(state(bob, 2).get("balance").stringValue()).isEqualTo("30.00");
        TransferAudit audit = TransferAudit.of(client, List.of(ann, bob), true);
        assertThat(audit.sent).containsOnlyKeys(transferId);
    }

    @Test
    void refused_transfers_answer_a_problem_and_change_nothing() {
        String ann = client.open("ann@example.com", "Ann", "USD");
        String bob = client.open("bob@example.com", "Bob", "USD");
        String eve = client.open("eve@example.com", "Eve", "EUR");
        String cy = client.open("cy@example.com", "Cy", "USD");
        assertThat(client.deposit(ann, "50.00").statusCode()).isEqualTo(200);
        assertThat(client.deposit(eve, "50.00").statusCode()).isEqualTo(200);
        assertThat(client.post("/accounts/" + cy + "/close", "{\"reason\":\"moved\"}").statusCode()).isEqualTo(200);
        String nobody = UUID.randomUUID().toString();

        assertProblem(post(transfer(ann, bob, "50.01")), 409, "/problems/insufficient-funds", "insufficient funds");
        assertProblem(post(transfer(ann, cy, "1.00")), 409, "/problems/account-not-active", "closed");
        assertProblem(post(transfer(cy, ann, "1.00")), 409, "/problems/account-not-active", "closed");
        JsonNode mismatch = assertProblem(post(transfer(ann, eve, "1.00")), 409, "/problems/currencies-differ", "EUR");
        assertThat(mismatch.get("rule").stringValue()).isEqualTo("currencies-differ");
        assertProblem(post(transfer(eve, ann, "1.00")), 409, "/problems/currencies-differ", "USD");
        assertThat(assertProblem(post(transfer(ann, nobody, "1.00")), 404, "/problems/not-found", nobody)
                .get("accountId").stringValue()).isEqualTo(nobody);
        assertProblem(post(transfer(nobody, ann, "1.00")), 404, "/problems/not-found", nobody);
        assertThat(assertProblem(post(transfer(ann, "not-an-id", "1.00")), 404, "/problems/not-found", "not-an-id")
                .get("field").stringValue()).isEqualTo("to");

        // The body is no JSON object: 400, as everywhere in the API.
        assertProblem(post("{\"from\":\"" + ann + "\",\"to\":\"" + bob + "\""), 400, "/problems/malformed-request", "");
        assertProblem(post("[1]"), 400, "/problems/malformed-request", "object");
        assertProblem(post(""), 400, "/problems/malformed-request", "empty");
        assertProblem(post("{\"from\":\"" + ann + "\",\"from\":\"" + bob + "\",\"to\":\"" + bob
                + "\",\"amount\":\"1.00\"}"), 400, "/problems/malformed-request", "from");
        // Bad input in a readable object: 422 naming the field.
        assertThat(invalid(post(transfer(ann, ann, "1.00")), "to", "itself").get("rule").stringValue())
                .isEqualTo("same-account");
        for (String amount : List.of("0", "0.00", "-5.00")) {
            assertThat(invalid(post(transfer(ann, bob, amount)), "amount", "amount").get("rule").stringValue())
                    .isEqualTo("amount-not-positive");
        }
        assertThat(invalid(post(json(ann, bob, "-1")), "amount", "").get("rule").stringValue())
                .isEqualTo("amount-not-positive");
        assertThat(invalid(post(transfer(ann, bob, "1.001")), "amount", "decimals").get("rule").stringValue())
                .isEqualTo("too-many-decimals");
        assertThat(invalid(post(transfer(ann, bob, "1000000000000000")), "amount", "").get("rule").stringValue())
                .isEqualTo("amount-too-large");
        JsonNode huge = invalid(post(json(ann, bob, "1e999999999")), "amount", "at most 20 digits");
        assertThat(huge.get("detail").stringValue()).doesNotContain("999999999");
        invalid(post(json(ann, bob, "1e-999999999")), "amount", "at most 20 digits");
        invalid(post(transfer(ann, bob, "1e5")), "amount", "decimal number");
        invalid(post(transfer(ann, bob, "NaN")), "amount", "decimal number");
        invalid(post(transfer(ann, bob, "ten")), "amount", "decimal number");
        invalid(post(transfer(ann, bob, "")), "amount", "decimal number");
        invalid(post(json(ann, bob, "true")), "amount", "a boolean");
        invalid(post(json(ann, bob, "[1]")), "amount", "an array");
        invalid(post(json(ann, bob, "null")), "amount", "required");
        invalid(post("{\"from\":\"" + ann + "\",\"to\":\"" + bob + "\"}"), "amount", "required");
        invalid(post("{\"from\":\"" + ann + "\",\"amount\":\"1.00\"}"), "to", "required");
        invalid(post("{\"from\":null,\"to\":\"" + bob + "\",\"amount\":\"1.00\"}"), "from", "required");
        invalid(post("{}"), "from", "required");
        invalid(post("{\"from\":\"" + ann + "\",\"to\":7,\"amount\":\"1.00\"}"), "to", "must be a string");
        invalid(post("{\"from\":{},\"to\":\"" + bob + "\",\"amount\":\"1.00\"}"), "from", "must be a string");
        invalid(post("{\"from\":\"" + ann + "\",\"to\":\"" + bob + "\",\"amount\":\"1.00\",\"currency\":\"USD\"}"),
                "currency", "unknown field");
        assertProblem(client.post("/transfers", transfer(ann, bob, "1.00"), "Content-Type", "text/plain"), 415,
                "/problems/unsupported-media-type", "");
        assertProblem(client.get("/transfers"), 405, "/problems/method-not-allowed", "POST");

        assertThat(client.account(ann).get("balance").stringValue()).isEqualTo("50.00");
        assertThat(client.account(ann).get("version").longValue()).isEqualTo(2);
        assertThat(client.account(bob).get("version").longValue()).isEqualTo(1);
        assertThat(client.account(eve).get("version").longValue()).isEqualTo(2);
        assertThat(client.account(cy).get("version").longValue()).isEqualTo(2);
    }

    @Test
    void if_match_names_the_source_accounts_version() {
        String ann = client.open("ann@example.com", "Ann", "USD");
        String bob = client.open("bob@example.com", "Bob", "USD");
        assertThat(client.deposit(ann, "10.00").statusCode()).isEqualTo(200);

        JsonNode stale = assertProblem(client.post("/transfers", transfer(ann, bob, "1.00"), "If-Match", "\"1\""),
                412, "/problems/version-mismatch", "");
        assertThat(stale.get("currentVersion").longValue()).isEqualTo(2);
        // Bob's version does not count: If-Match is about the account the money leaves.
        HttpResponse<String> ok = client.post("/transfers", transfer(ann, bob, "1.00"), "If-Match", "\"2\"");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(ok.headers().firstValue("ETag")).hasValue("\"3\"");
        assertProblem(client.post("/transfers", transfer(ann, bob, "1.00"), "If-Match", "3"), 400,
                "/problems/malformed-request", "If-Match");
        assertThat(client.account(ann).get("balance").stringValue()).isEqualTo("9.00");
        assertThat(client.account(bob).get("balance").stringValue()).isEqualTo("1.00");
    }

    @Test
    void a_transfer_sent_again_with_its_idempotency_key_is_answered_as_before_and_moves_money_once() {
        String ann = client.open("ann@example.com", "Ann", "USD");
        String bob = client.open("bob@example.com", "Bob", "USD");
        assertThat(client.deposit(ann, "10.00").statusCode()).isEqualTo(200);

        HttpResponse<String> first = client.post("/transfers", transfer(ann, bob, "4.00"), "Idempotency-Key", "t-1");
        assertThat(client.deposit(ann, "1.00").statusCode()).isEqualTo(200);
        HttpResponse<String> again = client.post("/transfers", transfer(ann, bob, "4.00"), "Idempotency-Key", "t-1",
                "If-Match", "\"2\"");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(BankClient.json(again)).isEqualTo(BankClient.json(first));
        assertThat(again.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(client.account(ann).get("balance").stringValue()).isEqualTo("7.00");
        assertThat(client.account(bob).get("balance").stringValue()).isEqualTo("4.00");

        assertProblem(client.post("/transfers", transfer(ann, bob, "5.00"), "Idempotency-Key", "t-1"), 422,
                "/problems/idempotency-key-reused", "t-1");
        assertThat(client.account(ann).get("balance").stringValue()).isEqualTo("7.00");
        // Eight copies at once: one transfer.
        List<Race.Outcome<HttpResponse<String>>> copies = Race.run(8,
                i -> () -> client.post("/transfers", transfer(ann, bob, "2.00"), "Idempotency-Key", "t-2"));
        List<String> ids = new ArrayList<>();
        for (Race.Outcome<HttpResponse<String>> copy : copies) {
            assertThat(copy.error()).isNull();
            assertThat(copy.value().statusCode()).as(copy.value().body()).isEqualTo(201);
            ids.add(BankClient.json(copy.value()).get("id").stringValue());
        }
        assertThat(ids).containsOnly(ids.get(0));
        assertThat(client.account(ann).get("balance").stringValue()).isEqualTo("5.00");
        assertThat(TransferAudit.of(client, List.of(ann, bob), false).sent).hasSize(2);
    }

    /**
     * 200 transfers among 10 accounts from 20 clients released by one barrier: money is
     * neither made nor lost, no account is ever negative at any version, and every
     * acknowledged transfer is on both sides, once.
     */
    @RepeatedTest(2)
    void concurrent_random_transfers_keep_the_total_and_never_overdraw() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            ids.add(client.open("user" + i + "@example.com", "User " + i, "EUR"));
            assertThat(client.deposit(ids.get(i), "100.00").statusCode()).isEqualTo(200);
        }
        long seed = System.nanoTime();
        List<Race.Outcome<List<JsonNode>>> outcomes = Race.run(RACERS, racer -> () -> {
            Random random = new Random(seed + racer);
            List<JsonNode> acknowledged = new ArrayList<>();
            for (int t = 0; t < TRANSFERS_PER_RACER; t++) {
                int from = random.nextInt(ACCOUNTS);
                int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                String amount = (1 + random.nextInt(60)) + "." + random.nextInt(10) + "0";
                HttpResponse<String> response = client.post("/transfers", transfer(ids.get(from), ids.get(to), amount));
                if (response.statusCode() == 201) {
                    acknowledged.add(BankClient.json(response));
                } else {
                    assertProblem(response, 409, "/problems/insufficient-funds", "insufficient funds");
                }
            }
            return acknowledged;
        });
        Map<String, JsonNode> acknowledged = new HashMap<>();
        for (Race.Outcome<List<JsonNode>> outcome : outcomes) {
            assertThat(outcome.error()).as("seed " + seed).isNull();
            outcome.value().forEach(ack -> acknowledged.put(ack.get("id").stringValue(), ack));
        }
        assertThat(acknowledged).as("seed " + seed).isNotEmpty();

        TransferAudit audit = TransferAudit.of(client, ids, true);
        assertThat(audit.total()).isEqualByComparingTo("1000.00");
        assertThat(audit.external).isEqualByComparingTo("1000.00");
        assertThat(audit.sent.keySet()).as("transfers stored vs acknowledged").isEqualTo(acknowledged.keySet());
        acknowledged.forEach((id, ack) -> {
            TransferAudit.Half sent = audit.sent.get(id);
            assertThat(sent.account()).isEqualTo(ack.get("from").stringValue());
            assertThat(sent.otherAccount()).isEqualTo(ack.get("to").stringValue());
            assertThat(sent.amount()).isEqualByComparingTo(new BigDecimal(ack.get("amount").stringValue()));
        });
        for (String id : ids) {
            assertThat(new BigDecimal(client.account(id).get("balance").stringValue())).as("read model of " + id)
                    .isEqualByComparingTo(audit.balances.get(id));
        }
    }

    /**
     * The guard of the checks above: a transfer stored by halves (one side only, as two single
     * appends interrupted by a crash would leave it) and an overdraft fail the audit.
     */
    @Test
    void the_audit_fails_on_a_half_applied_transfer_and_on_an_overdraft() {
        String ann = client.open("ann@example.com", "Ann", "USD");
        String bob = client.open("bob@example.com", "Bob", "USD");
        assertThat(client.deposit(ann, "10.00").statusCode()).isEqualTo(200);
        assertThat(TransferAudit.of(client, List.of(ann, bob), true).total()).isEqualByComparingTo("10.00");

        JacksonEventCodec codec = new JacksonEventCodec(AccountEvents.registry());
        Currency usd = Currency.getInstance("USD");
        // Half a transfer: sent by Ann, never received by Bob.
        service.storage().store().append(Account.TYPE.streamId(ann), ExpectedVersion.exactly(2), codec.encode(
                new TransferSent("half", bob, new BigDecimal("4.00"), usd), UUID.randomUUID(), FORGED));
        assertThatThrownBy(() -> TransferAudit.of(client, List.of(ann, bob), false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("transfers received vs sent");
        // Its other half, but more than Ann had: her balance goes below zero at version 4.
        service.storage().store().append(Account.TYPE.streamId(bob), ExpectedVersion.exactly(1), codec.encode(
                new TransferReceived("half", ann, new BigDecimal("4.00"), usd), UUID.randomUUID(), FORGED));
        assertThat(TransferAudit.of(client, List.of(ann, bob), false).total()).isEqualByComparingTo("10.00");
        service.storage().store().append(Account.TYPE.streamId(ann), ExpectedVersion.exactly(3), codec.encode(
                new TransferSent("over", bob, new BigDecimal("7.00"), usd), UUID.randomUUID(), FORGED));
        service.storage().store().append(Account.TYPE.streamId(bob), ExpectedVersion.exactly(2), codec.encode(
                new TransferReceived("over", ann, new BigDecimal("7.00"), usd), UUID.randomUUID(), FORGED));
        assertThatThrownBy(() -> TransferAudit.of(client, List.of(ann, bob), false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("after version 4");
    }

    /** A transfer whose amount is the raw JSON {@code amount} (a number, a literal). */
    private static String json(String from, String to, String amount) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}";
    }

    /** Asserts the answer to bad transfer input: 422 problem+json naming {@code field}. */
    private static JsonNode invalid(HttpResponse<String> response, String field, String detailContains) {
        JsonNode problem = assertProblem(response, 422, "/problems/invalid-transfer", detailContains);
        assertThat(problem.get("field")).as(response.body()).isNotNull();
        assertThat(problem.get("field").stringValue()).isEqualTo(field);
        return problem;
    }

    private HttpResponse<String> post(String body) {
        return client.post("/transfers", body);
    }

    private JsonNode state(String id, long version) {
        HttpResponse<String> response = client.get("/accounts/" + id + "/state?version=" + version);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return BankClient.json(response);
    }
}

package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eventsourcing4j.examples.bank.BankService;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.testkit.Race;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Many clients at once over real HTTP, released together by a barrier. */
abstract class ConcurrencyContract extends ServiceTestBase {
    private static final int CLIENTS = 50;

    @RepeatedTest(2)
    void of_fifty_concurrent_withdrawals_the_balance_covers_exactly_ten() {
        String id = client.open("ann@example.com", "Ann", "USD");
        assertThat(client.deposit(id, "100.00").statusCode()).isEqualTo(200);

        List<Race.Outcome<HttpResponse<String>>> outcomes = Race.run(CLIENTS, i -> () -> client.withdraw(id, "10.00"));

        List<HttpResponse<String>> responses = responses(outcomes);
        List<HttpResponse<String>> succeeded = responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(succeeded).hasSize(10);
        for (HttpResponse<String> refused : responses) {
            if (refused.statusCode() != 200) {
                assertProblem(refused, 409, "/problems/insufficient-funds", "insufficient funds");
            }
        }
        // Each success saw its own balance: 90.00, 80.00, ..., 0.00, never below zero.
        TreeSet<BigDecimal> balances = new TreeSet<>();
        for (HttpResponse<String> response : succeeded) {
            balances.add(new BigDecimal(BankClient.json(response).get("balance").stringValue()));
        }
        assertThat(balances).hasSize(10).first().isEqualTo(new BigDecimal("0.00"));
        assertThat(balances.last()).isEqualByComparingTo("90.00");
        JsonNode account = client.account(id);
        assertThat(account.get("balance").stringValue()).isEqualTo("0.00");
        assertThat(account.get("version").longValue()).isEqualTo(12);
        assertNeverNegative(id);
    }

    @RepeatedTest(2)
    void fifty_concurrent_deposits_all_land() {
        String id = client.open("bob@example.com", "Bob", "USD");
        assertThat(client.deposit(id, "0.50").statusCode()).isEqualTo(200);

        List<Race.Outcome<HttpResponse<String>>> outcomes = Race.run(CLIENTS, i -> () -> client.deposit(id, "1.00"));

        TreeSet<Long> versions = new TreeSet<>();
        for (HttpResponse<String> response : responses(outcomes)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            versions.add(BankClient.json(response).get("version").longValue());
        }
        assertThat(versions).hasSize(CLIENTS).first().isEqualTo(3L);
        JsonNode account = client.account(id);
        assertThat(account.get("balance").stringValue()).isEqualTo("50.50");
        assertThat(account.get("version").longValue()).isEqualTo(2 + CLIENTS);
    }

    @Test
    void after_a_concurrent_workload_the_read_model_equals_every_account_replayed() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.open("user" + i + "@example.com", "User " + i, i % 2 == 0 ? "USD" : "EUR"));
        }
        List<Race.Outcome<Integer>> outcomes = Race.run(CLIENTS, racer -> () -> {
            int ok = 0;
            for (int step = 0; step < 8; step++) {
                String id = ids.get((racer + step) % ids.size());
                HttpResponse<String> response = switch ((racer * 7 + step) % 5) {
                    case 0, 1, 2 -> client.deposit(id, (racer % 9 + 1) + "." + (step % 10) + "5");
                    case 3 -> client.withdraw(id, "3.10");
                    default -> client.post("/accounts/" + id + "/close", "{\"reason\":\"racer " + racer + "\"}");
                };
                assertThat(response.statusCode()).as(response.body()).isIn(200, 409);
                ok += response.statusCode() == 200 ? 1 : 0;
            }
            return ok;
        });
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.error()).isNull());

        List<AccountView> readModel = service.readModel().all();
        assertThat(readModel).extracting(AccountView::id).containsExactlyInAnyOrderElementsOf(ids);
        for (AccountView row : readModel) {
            AccountView replayed = service.bank().stateAt(row.id(), row.version());
            assertThat(row).isEqualTo(replayed);
            // And the row is at the account's latest version: nothing is missing.
            assertThat(BankClient.json(client.get("/accounts/" + row.id() + "/events?from=" + (row.version() + 1))))
                    .isEmpty();
        }

        // A rebuild from the start of the log gives the same rows.
        service.projection().rebuild();
        assertThat(service.projection().awaitProcessed(service.storage().store().headPosition(), Duration.ofSeconds(60)))
                .isTrue();
        assertThat(service.readModel().all()).isEqualTo(readModel);
    }

    @Test
    void two_instances_on_the_same_data_retry_their_conflicts_and_lose_no_deposit() {
        String id = client.open("cy@example.com", "Cy", "USD");
        try (BankService second = fixture().start(BankFixture.testConfig())) {
            BankClient other = new BankClient(second.baseUri());
            List<Race.Outcome<HttpResponse<String>>> outcomes = Race.run(CLIENTS,
                    i -> () -> (i % 2 == 0 ? client : other).deposit(id, "1.00"));
            for (HttpResponse<String> response : responses(outcomes)) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
            // Both instances read one table, written by the instance that holds the projection lease.
            assertThat(other.account(id).get("balance").stringValue()).isEqualTo("50.00");
        }
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("50.00");
        assertThat(client.account(id).get("version").longValue()).isEqualTo(1 + CLIENTS);
    }

    /**
     * One instance runs the account projection (the lease: an advisory lock on PostgreSQL, a
     * file lock on SQLite); another follows its checkpoint, so its commands still read their
     * writes, and it takes over when the first instance stops.
     */
    @Test
    void a_second_instance_waits_for_the_projection_lease_reads_its_writes_and_takes_over() throws Exception {
        String id = client.open("lee@example.com", "Lee", "EUR");
        try (BankService second = fixture().start(BankFixture.testConfig())) {
            BankClient other = new BankClient(second.baseUri());
            awaitState(second.projection(), ProjectionStatus.State.WAITING_FOR_LEASE);
            assertThat(service.projection().status().state()).isIn(ProjectionStatus.State.RUNNING,
                    ProjectionStatus.State.CATCHING_UP);
            for (int i = 1; i <= 5; i++) {
                assertThat(other.deposit(id, "1.00").statusCode()).isEqualTo(200);
                // Straight from the second instance's read model, which only the first one writes.
                assertThat(other.account(id).get("balance").stringValue()).isEqualTo(i + ".00");
            }
            assertThat(second.projection().status().state()).isEqualTo(ProjectionStatus.State.WAITING_FOR_LEASE);

            service.close();
            assertThat(other.deposit(id, "1.00").statusCode()).isEqualTo(200);
            assertThat(other.account(id).get("balance").stringValue()).isEqualTo("6.00");
            assertThat(second.projection().status().state()).isIn(ProjectionStatus.State.RUNNING,
                    ProjectionStatus.State.CATCHING_UP);
        }
    }

    private static void awaitState(ProjectionRunner runner, ProjectionStatus.State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runner.status().state() != state && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(runner.status().state()).isEqualTo(state);
    }

    /** Replays the account's events and checks the balance after each. */
    private void assertNeverNegative(String id) {
        BigDecimal balance = BigDecimal.ZERO;
        for (JsonNode event : BankClient.json(client.get("/accounts/" + id + "/events?limit=1000"))) {
            String type = event.get("type").stringValue();
            if (type.equals("MoneyDeposited")) {
                balance = balance.add(event.get("data").get("amount").decimalValue());
            } else if (type.equals("MoneyWithdrawn")) {
                balance = balance.subtract(event.get("data").get("amount").decimalValue());
            }
            assertThat(balance.signum()).as("balance after version " + event.get("version")).isNotNegative();
        }
    }

    private static List<HttpResponse<String>> responses(List<Race.Outcome<HttpResponse<String>>> outcomes) {
        List<HttpResponse<String>> responses = new ArrayList<>();
        Map<String, Integer> errors = new HashMap<>();
        for (Race.Outcome<HttpResponse<String>> outcome : outcomes) {
            if (outcome.succeeded()) {
                responses.add(outcome.value());
            } else {
                errors.merge(outcome.error().toString(), 1, Integer::sum);
            }
        }
        assertThat(errors).as("requests that got no answer").isEmpty();
        return responses;
    }
}

package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eventsourcing4j.testkit.Race;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The service closed and started again on the same data finds everything as it was. */
abstract class RestartContract extends ServiceTestBase {

    @Test
    void after_a_restart_every_account_its_events_and_the_read_model_are_still_there() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = client.open("user" + i + "@example.com", "User " + i, "USD");
            client.deposit(id, (i + 1) + "0.00");
            ids.add(id);
        }
        client.withdraw(ids.get(0), "10.00");
        assertThat(client.post("/accounts/" + ids.get(0) + "/close", "{\"reason\":\"done\"}").statusCode()).isEqualTo(200);
        Map<String, String> accounts = new LinkedHashMap<>();
        Map<String, String> events = new LinkedHashMap<>();
        for (String id : ids) {
            accounts.put(id, client.get("/accounts/" + id).body());
            events.put(id, client.get("/accounts/" + id + "/events").body());
        }
        String list = client.get("/accounts").body();

        restart();

        for (String id : ids) {
            assertThat(client.get("/accounts/" + id).body()).isEqualTo(accounts.get(id));
            assertThat(client.get("/accounts/" + id + "/events").body()).isEqualTo(events.get(id));
        }
        assertThat(client.get("/accounts").body()).isEqualTo(list);
        HttpResponse<String> deposited = client.deposit(ids.get(1), "0.01");
        assertThat(deposited.statusCode()).isEqualTo(200);
        assertThat(BankClient.json(deposited).get("version").longValue()).isEqualTo(3);
        assertThat(client.account(ids.get(1)).get("balance").stringValue()).isEqualTo("20.01");
        JsonNode projection = BankClient.json(client.get("/projections")).get("projections").get(0);
        assertThat(projection.get("checkpoint").stringValue()).isEqualTo(projection.get("head").stringValue());
    }

    @Test
    void a_shutdown_lets_requests_in_flight_finish_and_keeps_every_acknowledged_deposit() {
        String id = client.open("ann@example.com", "Ann", "USD");
        BankClient before = client;
        List<Race.Outcome<HttpResponse<String>>> outcomes = Race.run(21, i -> {
            if (i == 20) {
                return () -> {
                    Thread.sleep(20);
                    service.close();
                    return null;
                };
            }
            return () -> before.deposit(id, "1.00");
        });
        int acknowledged = 0;
        for (Race.Outcome<HttpResponse<String>> outcome : outcomes) {
            // A request that came too late gets 503 or no connection; one that got 200 must be kept.
            if (outcome.succeeded() && outcome.value() != null && outcome.value().statusCode() == 200) {
                acknowledged++;
            } else if (outcome.succeeded() && outcome.value() != null) {
                assertProblem(outcome.value(), 503, "/problems/shutting-down", "stopping");
            }
        }
        restart();
        JsonNode account = client.account(id);
        assertThat(account.get("version").longValue()).as("deposits acknowledged: " + acknowledged)
                .isGreaterThanOrEqualTo(1 + acknowledged);
        assertThat(BankClient.json(client.get("/accounts/" + id + "/events")).size())
                .isEqualTo(account.get("version").intValue());
    }
}

package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operator's archiving of closed accounts, over HTTP: archived accounts stay readable. */
abstract class ArchivingContract extends ServiceTestBase {

    @Test
    void accounts_closed_long_enough_are_archived_and_stay_readable() {
        String closed = client.open("ada@example.com", "Ada Lovelace", "EUR");
        assertThat(client.deposit(closed, "10.00").statusCode()).isEqualTo(200);
        assertThat(client.withdraw(closed, "10.00").statusCode()).isEqualTo(200);
        HttpResponse<String> closing = client.post("/accounts/" + closed + "/close", "{\"reason\":\"moved abroad\"}");
        assertThat(closing.statusCode()).as(closing.body()).isEqualTo(200);
        String active = client.open("grace@example.com", "Grace Hopper", "EUR");
        assertThat(client.deposit(active, "5.00").statusCode()).isEqualTo(200);

        JsonNode none = archive("1");
        assertThat(none.get("archived")).as("closed just now, not a day ago").isEmpty();

        JsonNode done = archive("0");
        assertThat(done.get("archived")).extracting(JsonNode::stringValue).containsExactly(closed);
        assertThat(done.get("events").longValue()).isEqualTo(4);

        JsonNode account = client.account(closed);
        assertThat(account.get("status").stringValue()).isEqualTo("closed");
        assertThat(account.get("email").stringValue()).isEqualTo("ada@example.com");
        HttpResponse<String> events = client.get("/accounts/" + closed + "/events");
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        assertThat(BankClient.json(events)).hasSize(4);
        HttpResponse<String> past = client.get("/accounts/" + closed + "/state?version=2");
        assertThat(past.statusCode()).as(past.body()).isEqualTo(200);
        assertThat(BankClient.json(past).get("balance").stringValue()).isEqualTo("10.00");
        assertProblem(client.deposit(closed, "1.00"), 409, "/problems/account-not-active", "closed");

        JsonNode again = archive("0");
        assertThat(again.get("archived")).isEmpty();
        assertThat(again.get("alreadyArchived").longValue()).isEqualTo(1);
        assertThat(BankClient.json(client.deposit(active, "1.00")).get("balance").stringValue()).isEqualTo("6.00");
    }

    @Test
    void the_archiving_command_checks_its_parameter() {
        assertProblem(client.post("/operations/archive", ""), 400, "/problems/malformed-request", "closedForDays");
        assertProblem(client.post("/operations/archive?closedForDays=-1", ""), 400, "/problems/malformed-request", "closedForDays");
        assertProblem(client.post("/operations/archive?closedForDays=x", ""), 400, "/problems/malformed-request", "closedForDays");
        assertProblem(client.post("/operations/archive?days=3", ""), 400, "/problems/malformed-request", "days");
    }

    private JsonNode archive(String days) {
        HttpResponse<String> response = client.post("/operations/archive?closedForDays=" + days, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return BankClient.json(response);
    }
}

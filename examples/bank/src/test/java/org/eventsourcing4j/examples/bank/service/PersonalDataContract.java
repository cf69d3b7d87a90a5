package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.eventsourcing4j.shredding.PersonalDataSchema;
import org.eventsourcing4j.store.LogPosition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /accounts/{id}/personal-data} over HTTP: the owner's email and name are erased
 * everywhere the bank stores them (a byte scan of the whole database finds neither), the
 * balance history stays, a rebuilt read model has no plaintext; 404 for an unknown account;
 * a repeated call is harmless.
 */
abstract class PersonalDataContract extends ServiceTestBase {

    /** Every byte the database holds, as someone with its disk would see it. */
    protected abstract byte[] everythingStored();

    private final String email = "ada.erasable." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    private final String name = "Ada Erasable " + UUID.randomUUID().toString().substring(0, 8);

    private HttpResponse<String> erase(String id) {
        return client.send(client.request("/accounts/" + id + "/personal-data").DELETE().build());
    }

    private String scan() {
        return new String(everythingStored(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void erasing_personal_data_keeps_the_balance_history_and_leaves_no_plaintext() throws Exception {
        String id = client.open(email, name, "EUR");
        String otherEmail = "keep." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String other = client.open(otherEmail, "Kept Owner", "EUR");
        assertThat(client.deposit(id, "100.00").statusCode()).isEqualTo(200);
        assertThat(client.withdraw(id, "30.00").statusCode()).isEqualTo(200);
        // The events never hold them in the clear; the read model does, until the erasure.
        assertThat(scan()).contains(email);

        HttpResponse<String> erased = erase(id);

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        JsonNode account = client.account(id);
        assertThat(account.get("email").stringValue()).isEqualTo(PersonalDataSchema.ERASED);
        assertThat(account.get("name").stringValue()).isEqualTo(PersonalDataSchema.ERASED);
        assertThat(account.get("balance").stringValue()).isEqualTo("70.00");
        assertThat(client.account(other).get("email").stringValue()).isEqualTo(otherEmail);

        JsonNode events = BankClient.json(client.get("/accounts/" + id + "/events"));
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("data").get("email").stringValue()).isEqualTo(PersonalDataSchema.ERASED);
        assertThat(events.get(1).get("data").get("amount").doubleValue()).isEqualTo(100.0);
        JsonNode atVersion1 = BankClient.json(client.get("/accounts/" + id + "/state?version=1"));
        assertThat(atVersion1.get("name").stringValue()).isEqualTo(PersonalDataSchema.ERASED);
        // The aggregate still takes commands.
        assertThat(client.deposit(id, "5.00").statusCode()).isEqualTo(200);

        String stored = scan();
        assertThat(stored).doesNotContain(email).doesNotContain(name).contains(otherEmail);

        // A read model rebuilt from the events has no plaintext either.
        service.projection().rebuild();
        java.util.List<org.eventsourcing4j.store.RecordedEvent> log =
                service.storage().store().readAll(LogPosition.START, 10_000).events();
        LogPosition head = log.get(log.size() - 1).logPosition();
        boolean caughtUp = service.projection().awaitProcessed(head, java.time.Duration.ofSeconds(60));
        assertThat(caughtUp).as(service.projection().status().toString()).isTrue();
        AccountView rebuilt = service.readModel().find(id).orElseThrow();
        assertThat(rebuilt.email()).isEqualTo(PersonalDataSchema.ERASED);
        assertThat(rebuilt.balance()).isEqualByComparingTo("75.00");
        assertThat(scan()).doesNotContain(email).doesNotContain(name);
    }

    @Test
    void a_repeated_erasure_is_harmless_and_an_unknown_account_is_404() {
        String id = client.open(email, name, null);
        assertThat(erase(id).statusCode()).isEqualTo(200);
        HttpResponse<String> again = erase(id);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(BankClient.json(again).get("email").stringValue()).isEqualTo(PersonalDataSchema.ERASED);

        String unknown = UUID.randomUUID().toString();
        assertProblem(erase(unknown), 404, "/problems/not-found", unknown);
        restart();
        assertThat(client.account(id).get("name").stringValue()).isEqualTo(PersonalDataSchema.ERASED);
    }
}

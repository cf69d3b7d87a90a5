package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eventsourcing4j.examples.bank.BankService;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.store.RecordedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The bank with {@code --shredding off} (the Spring property {@code bank.shredding.enabled=false}),
 * over HTTP on SQLite: events hold the owner's email and name in the clear, everything else works,
 * and {@code DELETE /accounts/{id}/personal-data} answers 409 {@code /problems/shredding-off},
 * changing nothing. A database written with shredding on is refused with shredding off. (How the
 * property's value is read, and refused, is in {@code BankOptionsTest}.)
 */
class ShreddingOffTest {
    private static final List<String> OFF = List.of("--bank.shredding.enabled=false");

    @TempDir
    Path directory;

    private BankService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private BankClient start(List<String> arguments) {
        service = BankService.start(BankFixture.testConfig().withDataDirectory(directory), arguments, false);
        return new BankClient(service.baseUri());
    }

    /** The stored JSON of the account's first event, AccountCreated, as the store holds it. */
    private String storedAccountCreated(String id) {
        try (Stream<RecordedEvent> events = service.storage().store().readStream(Account.TYPE.streamId(id))) {
            return new String(events.findFirst().orElseThrow().data(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void with_shredding_off_personal_data_is_stored_in_the_clear_and_the_erasure_answers_409() {
        BankClient client = start(OFF);
        String id = client.open("ada.plain@example.org", "Ada Plain", "EUR");
        assertThat(client.deposit(id, "10.00").statusCode()).isEqualTo(200);

        assertThat(storedAccountCreated(id)).contains("ada.plain@example.org").contains("Ada Plain");
        JsonNode events = BankClient.json(client.get("/accounts/" + id + "/events"));
        assertThat(events.get(0).get("data").get("email").stringValue()).isEqualTo("ada.plain@example.org");

        HttpResponse<String> erase = client.send(client.request("/accounts/" + id + "/personal-data").DELETE().build());

        JsonNode problem = ServiceTestBase.assertProblem(erase, 409, "/problems/shredding-off", "shredding off");
        assertThat(problem.get("detail").stringValue()).contains(id).contains("nothing was changed");
        JsonNode account = client.account(id);
        assertThat(account.get("email").stringValue()).isEqualTo("ada.plain@example.org");
        assertThat(account.get("name").stringValue()).isEqualTo("Ada Plain");
        assertThat(account.get("balance").stringValue()).isEqualTo("10.00");
        assertThat(account.get("version").longValue()).isEqualTo(2);
        // An unknown account is refused the same way: the service cannot erase anyone's data.
        HttpResponse<String> unknown = client.send(client.request(
                "/accounts/" + java.util.UUID.randomUUID() + "/personal-data").DELETE().build());
        ServiceTestBase.assertProblem(unknown, 409, "/problems/shredding-off", "shredding off");
    }

    @Test
    void a_database_written_with_shredding_on_does_not_start_with_it_off() {
        BankClient client = start(List.of());
        String id = client.open("bo.secret@example.org", "Bo Secret", "EUR");
        // On (the default): the stored event never has them in the clear.
        assertThat(storedAccountCreated(id)).doesNotContain("bo.secret@example.org").doesNotContain("Bo Secret");
        service.close();
        service = null;

        assertThatThrownBy(() -> start(OFF)).hasStackTraceContaining("holds owners' data keys")
                .hasStackTraceContaining("start with shredding on");
    }
}

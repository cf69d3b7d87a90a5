package org.eventsourcing4j.examples.bank.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.eventsourcing4j.examples.bank.Bank;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /transfers}: money from one account to another of the same currency, both
 * accounts' events stored in one atomic append. Input is read and refused as for the account
 * commands ({@link JsonFields}, {@link Parameters}); {@code If-Match} names the source
 * account's version and the answer's {@code ETag} is the source account's new version.
 */
@RestController
public class TransferController {
    private static final Set<String> FIELDS = Set.of("from", "to", "amount");

    private final Bank bank;

    public TransferController(Bank bank) {
        this.bank = bank;
    }

    @PostMapping("/transfers")
    ResponseEntity<byte[]> transfer(HttpServletRequest request) {
        QueryParameters.parse(request.getQueryString(), Set.of());
        RequestBody body = RequestBody.read(request);
        JsonFields fields = JsonFields.of(body.json(), FIELDS);
        String from = accountField(fields, "from");
        String to = accountField(fields, "to");
        Bank.TransferOutcome outcome = bank.transfer(from, to, fields.requiredAmount("amount"),
                Parameters.commandOptions(request, body));
        ObjectNode json = Json.object()
                .put("id", outcome.transferId())
                .put("from", outcome.from().id())
                .put("to", outcome.to().id())
                .put("amount", outcome.amount().toPlainString())
                .put("currency", outcome.from().currency().getCurrencyCode())
                .put("fromVersion", outcome.from().version())
                .put("toVersion", outcome.to().version())
                .put("recordedAt", outcome.from().updatedAt().toString());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(201).contentType(MediaType.APPLICATION_JSON)
                .eTag("\"" + outcome.from().version() + "\"");
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(Json.writeLine(json));
    }

    /** An account id in the body: a string, and one of the UUIDs the service hands out (else no such account). */
    private static String accountField(JsonFields fields, String field) {
        String id = fields.requiredString(field);
        try {
            return Parameters.accountId(id);
        } catch (Problem notFound) {
            throw notFound.with("field", field);
        }
    }
}

package org.eventsourcing4j.examples.bank.http;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.Set;
import org.eventsourcing4j.aggregate.CommandOptions;
import org.eventsourcing4j.examples.bank.Bank;
import org.eventsourcing4j.examples.bank.domain.InvalidAccountRequestException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /transfers}: money from one account to another of the same currency, both
 * accounts' events stored in one atomic append. The body is read as for the account commands
 * ({@link RequestBody}: what is not a JSON object is a 400), but bad input in a readable object
 * (a field missing, null, of the wrong type or unknown; an amount that is no decimal, too long,
 * not positive, with too many decimals or too large; {@code from} equal to {@code to}) is a
 * 422 {@code /problems/invalid-transfer} naming the field, as issue 17 specifies for transfers.
 * {@code If-Match} names the source account's version and the answer's {@code ETag} is the
 * source account's new version.
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
        String from;
        String to;
        BigDecimal amount;
        try {
            JsonFields fields = JsonFields.of(body.json(), FIELDS);
            from = accountField(fields, "from");
            to = accountField(fields, "to");
            amount = fields.requiredAmount("amount");
        } catch (Problem bad) {
            // A 404 (an id the service never handed out) stays a 404.
            throw bad.status() == 400 ? Problems.invalidTransfer(bad) : bad;
        }
        CommandOptions options = Parameters.commandOptions(request, body);
        Bank.TransferOutcome outcome;
        try {
            outcome = bank.transfer(from, to, amount, options);
        } catch (InvalidAccountRequestException rejected) {
            // An input rule (same account, an amount rule); funds, state and currencies stay 409s.
            throw Problems.invalidTransfer(Problems.of(rejected));
        }
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

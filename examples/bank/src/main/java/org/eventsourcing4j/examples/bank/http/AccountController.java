package org.eventsourcing4j.examples.bank.http;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eventsourcing4j.aggregate.CommandOptions;
import org.eventsourcing4j.examples.bank.Bank;
import org.eventsourcing4j.examples.bank.domain.AccountStatus;
import org.eventsourcing4j.examples.bank.readmodel.AccountReadModel;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.eventsourcing4j.store.RecordedEvent;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The account resources: commands, the read model, the audit trail and time travel. Spring
 * routes (and answers HEAD for every GET); errors are thrown as {@link Problem}s or the
 * library's exceptions and written by {@link ProblemAdvice}.
 */
@RestController
public class AccountController {
    static final int DEFAULT_PAGE = 50;
    static final int DEFAULT_EVENTS_PAGE = 100;
    static final int MAX_EVENTS_PAGE = 1000;

    private static final Set<String> OPEN_FIELDS = Set.of("email", "name", "currency");
    private static final Set<String> MONEY_FIELDS = Set.of("amount", "currency");
    private static final Set<String> CLOSE_FIELDS = Set.of("reason");

    private final Bank bank;

    public AccountController(Bank bank) {
        this.bank = bank;
    }

    @PostMapping("/accounts")
    ResponseEntity<byte[]> open(HttpServletRequest request) {
        QueryParameters.parse(request.getQueryString(), Set.of());
        RequestBody body = RequestBody.read(request);
        JsonFields fields = JsonFields.of(body.json(), OPEN_FIELDS);
        Bank.Outcome opened = bank.open(fields.requiredString("email"), fields.requiredString("name"),
                fields.optionalString("currency"), Parameters.commandOptions(request, body));
        return JsonResponses.command(201, opened).header("Location", "/accounts/" + opened.account().id())
                .body(Json.writeLine(AccountJson.account(opened.account())));
    }

    @PostMapping("/accounts/{id}/deposits")
    ResponseEntity<byte[]> deposit(@PathVariable("id") String id, HttpServletRequest request) {
        return moneyCommand(id, request, bank::deposit);
    }

    @PostMapping("/accounts/{id}/withdrawals")
    ResponseEntity<byte[]> withdraw(@PathVariable("id") String id, HttpServletRequest request) {
        return moneyCommand(id, request, bank::withdraw);
    }

    private ResponseEntity<byte[]> moneyCommand(String rawId, HttpServletRequest request, MoneyCommand command) {
        String id = Parameters.accountId(rawId);
        QueryParameters.parse(request.getQueryString(), Set.of());
        RequestBody body = RequestBody.read(request);
        JsonFields fields = JsonFields.of(body.json(), MONEY_FIELDS);
        Bank.Outcome outcome = command.run(id, fields.requiredAmount("amount"), fields.optionalString("currency"),
                Parameters.commandOptions(request, body));
        return JsonResponses.command(200, outcome).body(Json.writeLine(AccountJson.account(outcome.account())));
    }

    @PostMapping("/accounts/{id}/close")
    ResponseEntity<byte[]> close(@PathVariable("id") String rawId, HttpServletRequest request) {
        String id = Parameters.accountId(rawId);
        QueryParameters.parse(request.getQueryString(), Set.of());
        RequestBody body = RequestBody.read(request);
        JsonFields fields = JsonFields.of(body.json(), CLOSE_FIELDS);
        Bank.Outcome outcome = bank.close(id, fields.requiredString("reason"), Parameters.commandOptions(request, body));
        return JsonResponses.command(200, outcome).body(Json.writeLine(AccountJson.account(outcome.account())));
    }

    @GetMapping("/accounts/{id}")
    ResponseEntity<byte[]> get(@PathVariable("id") String rawId, HttpServletRequest request) {
        String id = Parameters.accountId(rawId);
        QueryParameters.parse(request.getQueryString(), Set.of());
        AccountView account = bank.find(id).orElseThrow(() -> Problem.notFound("there is no account '" + id + "'"));
        return JsonResponses.account(200, account);
    }

    /** Erases the owner's email and name; the account and its balance history stay. Harmless to repeat. */
    @DeleteMapping("/accounts/{id}/personal-data")
    ResponseEntity<byte[]> erasePersonalData(@PathVariable("id") String rawId, HttpServletRequest request) {
        String id = Parameters.accountId(rawId);
        QueryParameters.parse(request.getQueryString(), Set.of());
        return JsonResponses.account(200, bank.erasePersonalData(id));
    }

    @GetMapping("/accounts")
    ResponseEntity<byte[]> list(HttpServletRequest request) {
        Map<String, String> query = QueryParameters.parse(request.getQueryString(), Set.of("status", "limit", "offset"));
        AccountStatus status = status(query.get("status"));
        int limit = (int) Parameters.longParameter("limit", query.get("limit"), DEFAULT_PAGE, 1,
                AccountReadModel.MAX_LIMIT);
        long offset = Parameters.longParameter("offset", query.get("offset"), 0, 0, Long.MAX_VALUE / 2);
        ObjectNode body = Json.object();
        ArrayNode accounts = body.putArray("accounts");
        for (AccountView account : bank.list(status, limit, offset)) {
            accounts.add(AccountJson.account(account));
        }
        body.put("limit", limit).put("offset", offset);
        return JsonResponses.json(200, body);
    }

    @GetMapping("/accounts/{id}/events")
    ResponseEntity<byte[]> events(@PathVariable("id") String rawId, HttpServletRequest request) {
        String id = Parameters.accountId(rawId);
        Map<String, String> query = QueryParameters.parse(request.getQueryString(), Set.of("from", "limit"));
        long from = Parameters.longParameter("from", query.get("from"), 1, 1, Long.MAX_VALUE / 2);
        int limit = (int) Parameters.longParameter("limit", query.get("limit"), DEFAULT_EVENTS_PAGE, 1, MAX_EVENTS_PAGE);
        Bank.EventPage page = bank.history(id, from, limit);
        ArrayNode events = Json.MAPPER.createArrayNode();
        for (RecordedEvent event : page.events()) {
            events.add(AccountJson.event(event));
        }
        ResponseEntity<byte[]> response = JsonResponses.json(200, events);
        if (!page.more()) {
            return response;
        }
        long next = page.events().get(page.events().size() - 1).version() + 1;
        return ResponseEntity.status(200).headers(response.getHeaders())
                .header("Link", "</accounts/" + id + "/events?from=" + next + "&limit=" + limit + ">; rel=\"next\"")
                .body(response.getBody());
    }

    @GetMapping("/accounts/{id}/state")
    ResponseEntity<byte[]> state(@PathVariable("id") String rawId, HttpServletRequest request) {
        String id = Parameters.accountId(rawId);
        Map<String, String> query = QueryParameters.parse(request.getQueryString(), Set.of("version", "at"));
        String version = query.get("version");
        String at = query.get("at");
        if ((version == null) == (at == null)) {
            throw Problem.malformed("give exactly one of the query parameters 'version' (a version number)"
                    + " and 'at' (an ISO-8601 instant)");
        }
        AccountView account = version != null
                ? bank.stateAt(id, Parameters.longParameter("version", version, 0, 1, Long.MAX_VALUE / 2))
                : bank.stateAsOf(id, Parameters.instantParameter("at", at));
        return JsonResponses.json(200, AccountJson.account(account));
    }

    private static AccountStatus status(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "active" -> AccountStatus.ACTIVE;
            case "closed" -> AccountStatus.CLOSED;
            default -> throw Problem.malformed("the query parameter 'status' must be 'active' or 'closed', got '"
                    + Problems.abbreviate(value) + "'").with("parameter", "status");
        };
    }

    /** {@link Bank#deposit} or {@link Bank#withdraw}. */
    @FunctionalInterface
    private interface MoneyCommand {
        Bank.Outcome run(String id, BigDecimal amount, String currency, CommandOptions options);
    }
}

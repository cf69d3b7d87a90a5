package org.eventsourcing4j.examples.bank.http;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eventsourcing4j.examples.bank.Bank;
import org.eventsourcing4j.aggregate.CommandOptions;
import org.eventsourcing4j.examples.bank.domain.AccountStatus;
import org.eventsourcing4j.examples.bank.readmodel.AccountReadModel;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.eventsourcing4j.store.RecordedEvent;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The account resources: commands, the read model, the audit trail and time travel. */
final class AccountRoutes {
    static final int DEFAULT_PAGE = 50;
    static final int DEFAULT_EVENTS_PAGE = 100;
    static final int MAX_EVENTS_PAGE = 1000;

    private static final Set<String> OPEN_FIELDS = Set.of("email", "name", "currency");
    private static final Set<String> MONEY_FIELDS = Set.of("amount", "currency");
    private static final Set<String> CLOSE_FIELDS = Set.of("reason");

    private final Bank bank;

    AccountRoutes(Bank bank) {
        this.bank = bank;
    }

    void register(Router router) {
        router.add("POST", "/accounts", this::open)
                .add("GET", "/accounts", this::list)
                .add("GET", "/accounts/{id}", this::get)
                .add("POST", "/accounts/{id}/deposits", this::deposit)
                .add("POST", "/accounts/{id}/withdrawals", this::withdraw)
                .add("POST", "/accounts/{id}/close", this::close)
                .add("GET", "/accounts/{id}/events", this::events)
                .add("GET", "/accounts/{id}/state", this::state);
    }

    private Response open(Request request) {
        request.query(Set.of());
        JsonFields body = JsonFields.of(request.jsonBody(), OPEN_FIELDS);
        Bank.Outcome opened = bank.open(body.requiredString("email"), body.requiredString("name"),
                body.optionalString("currency"), Parameters.commandOptions(request));
        return accountResponse(201, opened).header("Location", "/accounts/" + opened.account().id());
    }

    private Response deposit(Request request) {
        return moneyCommand(request, bank::deposit);
    }

    private Response withdraw(Request request) {
        return moneyCommand(request, bank::withdraw);
    }

    private Response moneyCommand(Request request, MoneyCommand command) {
        String id = Parameters.accountId(request);
        request.query(Set.of());
        JsonFields body = JsonFields.of(request.jsonBody(), MONEY_FIELDS);
        return accountResponse(200, command.run(id, body.requiredAmount("amount"), body.optionalString("currency"),
                Parameters.commandOptions(request)));
    }

    private Response close(Request request) {
        String id = Parameters.accountId(request);
        request.query(Set.of());
        JsonFields body = JsonFields.of(request.jsonBody(), CLOSE_FIELDS);
        return accountResponse(200, bank.close(id, body.requiredString("reason"), Parameters.commandOptions(request)));
    }

    private Response get(Request request) {
        String id = Parameters.accountId(request);
        request.query(Set.of());
        AccountView account = bank.find(id).orElseThrow(() -> Problem.notFound("there is no account '" + id + "'"));
        return accountResponse(200, account);
    }

    private Response list(Request request) {
        Map<String, String> query = request.query(Set.of("status", "limit", "offset"));
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
        return Response.json(200, body);
    }

    private Response events(Request request) {
        String id = Parameters.accountId(request);
        Map<String, String> query = request.query(Set.of("from", "limit"));
        long from = Parameters.longParameter("from", query.get("from"), 1, 1, Long.MAX_VALUE / 2);
        int limit = (int) Parameters.longParameter("limit", query.get("limit"), DEFAULT_EVENTS_PAGE, 1, MAX_EVENTS_PAGE);
        Bank.EventPage page = bank.history(id, from, limit);
        ArrayNode events = Json.MAPPER.createArrayNode();
        for (RecordedEvent event : page.events()) {
            events.add(AccountJson.event(event));
        }
        Response response = Response.json(200, events);
        if (page.more()) {
            long next = page.events().get(page.events().size() - 1).version() + 1;
            response.header("Link", "</accounts/" + id + "/events?from=" + next + "&limit=" + limit + ">; rel=\"next\"");
        }
        return response;
    }

    private Response state(Request request) {
        String id = Parameters.accountId(request);
        Map<String, String> query = request.query(Set.of("version", "at"));
        String version = query.get("version");
        String at = query.get("at");
        if ((version == null) == (at == null)) {
            throw Problem.malformed("give exactly one of the query parameters 'version' (a version number)"
                    + " and 'at' (an ISO-8601 instant)");
        }
        AccountView account = version != null
                ? bank.stateAt(id, Parameters.longParameter("version", version, 0, 1, Long.MAX_VALUE / 2))
                : bank.stateAsOf(id, Parameters.instantParameter("at", at));
        return Response.json(200, AccountJson.account(account));
    }

    private static AccountStatus status(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "active" -> AccountStatus.ACTIVE;
            case "closed" -> AccountStatus.CLOSED;
            default -> throw Problem.malformed("the query parameter 'status' must be 'active' or 'closed', got '"
                    + value + "'").with("parameter", "status");
        };
    }

    /** {@link Bank#deposit} or {@link Bank#withdraw}. */
    @FunctionalInterface
    private interface MoneyCommand {
        Bank.Outcome run(String id, BigDecimal amount, String currency, CommandOptions options);
    }

    private static Response accountResponse(int status, AccountView account) {
        return Response.json(status, AccountJson.account(account)).etag(account.version());
    }

    /** A command's answer; one answered from an earlier run with the same idempotency key says so. */
    private static Response accountResponse(int status, Bank.Outcome outcome) {
        Response response = accountResponse(status, outcome.account());
        return outcome.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }
}

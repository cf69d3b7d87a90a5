package org.eventsourcing4j.examples.bank.http;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.AccountStatus;
import org.eventsourcing4j.examples.bank.readmodel.AccountReadModel;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamLifecycle;
import org.eventsourcing4j.store.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator's archiving command: {@code POST /operations/archive?closedForDays=D} moves the
 * event streams of accounts closed more than D days ago (by the read model's last-change time,
 * which for a closed account is its closing) out of the live events table into the store's
 * archive. The accounts stay readable: {@code GET /accounts/{id}} from the read model, their
 * events and time travel from the archive. Runs again harmlessly: archived accounts are
 * counted, not archived twice. "Now" comes from the application's {@link Clock} bean (the
 * store's clock), the system clock without one.
 */
@RestController
public class ArchiveController {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveController.class);
    static final long MAX_DAYS = 100_000;

    private final EventStore store;
    private final AccountReadModel readModel;
    private final Clock clock;
    private final AggregateRepository<Account, AccountEvent> accounts;

    public ArchiveController(EventStore store, AccountReadModel readModel, ObjectProvider<Clock> clock,
                             AggregateRepository<Account, AccountEvent> accounts) {
        this.store = store;
        this.readModel = readModel;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.accounts = accounts;
    }

    @PostMapping("/operations/archive")
    ResponseEntity<byte[]> archive(HttpServletRequest request) {
        Map<String, String> query = QueryParameters.parse(request.getQueryString(), Set.of("closedForDays"));
        if (query.get("closedForDays") == null) {
            throw Problem.malformed("the query parameter 'closedForDays' (a number of days, 0.." + MAX_DAYS
                    + ") is required").with("parameter", "closedForDays");
        }
        long days = Parameters.longParameter("closedForDays", query.get("closedForDays"), 0, 0, MAX_DAYS);
        StreamLifecycle lifecycle = store.lifecycle().orElseThrow(() -> new Problem(501, "not-supported",
                "Archiving is not supported", "this store cannot archive streams"));
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        List<String> archived = new ArrayList<>();
        long alreadyArchived = 0;
        long events = 0;
        for (long offset = 0; ; offset += AccountReadModel.MAX_LIMIT) {
            List<AccountView> page = readModel.list(AccountStatus.CLOSED, AccountReadModel.MAX_LIMIT, offset);
            for (AccountView account : page) {
                if (!account.updatedAt().isBefore(cutoff)) {
                    continue;
                }
                StreamId stream = Account.TYPE.streamId(account.id());
                if (lifecycle.state(stream).status() == StreamState.Status.ARCHIVED) {
                    alreadyArchived++;
                    continue;
                }
                events += lifecycle.archive(stream);
                accounts.evict(account.id()); // its stream left the log: commands must see that, not a cached state
                archived.add(account.id());
            }
            if (page.size() < AccountReadModel.MAX_LIMIT) {
                break;
            }
        }
        LOG.info("archived {} closed account(s) ({} events) closed before {}", archived.size(), events, cutoff);
        ObjectNode body = Json.object().put("closedBefore", cutoff.toString());
        ArrayNode ids = body.putArray("archived");
        archived.forEach(ids::add);
        body.put("events", events).put("alreadyArchived", alreadyArchived);
        return JsonResponses.json(200, body);
    }
}

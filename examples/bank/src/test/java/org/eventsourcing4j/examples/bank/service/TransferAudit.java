package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the audit trails of a set of accounts say about the transfers among them, read over
 * HTTP: every account's events replayed in version order (its balance never negative after
 * any of them, and equal to what time travel answers at that version), and every transfer's
 * two halves, which must pair up: same transfer id, accounts, amount and correlation id.
 */
final class TransferAudit {
    /** One half of a transfer as an audit trail shows it. */
    record Half(String transferId, String account, String otherAccount, BigDecimal amount, String correlationId) {
    }

    final Map<String, Half> sent = new HashMap<>();
    final Map<String, Half> received = new HashMap<>();
    final Map<String, BigDecimal> balances = new HashMap<>();
    /** Deposits minus withdrawals over all accounts: the money that entered from outside. */
    BigDecimal external = BigDecimal.ZERO;

    private TransferAudit() {
    }

    /**
     * Reads and checks every account's trail; with {@code timeTravel} also asks
     * {@code GET /accounts/{id}/state?version=N} for every version.
     */
    static TransferAudit of(BankClient client, List<String> accounts, boolean timeTravel) {
        TransferAudit audit = new TransferAudit();
        for (String id : accounts) {
            audit.read(client, id, timeTravel);
        }
        assertThat(audit.received.keySet()).as("transfers received vs sent").isEqualTo(audit.sent.keySet());
        for (Half out : audit.sent.values()) {
            Half in = audit.received.get(out.transferId());
            assertThat(in.account()).isEqualTo(out.otherAccount());
            assertThat(in.otherAccount()).isEqualTo(out.account());
            assertThat(in.amount()).isEqualByComparingTo(out.amount());
            assertThat(in.correlationId()).as("correlation id of both halves").isEqualTo(out.correlationId())
                    .isNotNull();
        }
        return audit;
    }

    BigDecimal total() {
        return balances.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private void read(BankClient client, String id, boolean timeTravel) {
        BigDecimal balance = BigDecimal.ZERO;
        long expectedVersion = 1;
        long from = 1;
        while (true) {
            HttpResponse<String> page = client.get("/accounts/" + id + "/events?from=" + from + "&limit=1000");
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode events = BankClient.json(page);
            for (JsonNode event : events) {
                assertThat(event.get("version").longValue()).isEqualTo(expectedVersion++);
                String type = event.get("type").stringValue();
                JsonNode data = event.get("data");
                BigDecimal amount = data.has("amount") ? data.get("amount").decimalValue() : BigDecimal.ZERO;
                String correlation = event.get("metadata").has("correlationId")
                        ? event.get("metadata").get("correlationId").stringValue() : null;
                switch (type) {
                    case "MoneyDeposited" -> {
                        balance = balance.add(amount);
                        external = external.add(amount);
                    }
                    case "MoneyWithdrawn" -> {
                        balance = balance.subtract(amount);
                        external = external.subtract(amount);
                    }
                    case "TransferSent" -> {
                        balance = balance.subtract(amount);
                        Half half = new Half(data.get("transferId").stringValue(), id,
                                data.get("toAccountId").stringValue(), amount, correlation);
                        assertThat(sent.put(half.transferId(), half)).as("transfer sent twice").isNull();
                    }
                    case "TransferReceived" -> {
                        balance = balance.add(amount);
                        Half half = new Half(data.get("transferId").stringValue(), id,
                                data.get("fromAccountId").stringValue(), amount, correlation);
                        assertThat(received.put(half.transferId(), half)).as("transfer received twice").isNull();
                    }
                    default -> {
                    }
                }
                assertThat(balance.signum()).as("balance of " + id + " after version " + event.get("version"))
                        .isNotNegative();
                if (timeTravel) {
                    JsonNode state = BankClient.json(client.get("/accounts/" + id + "/state?version="
                            + event.get("version").longValue()));
                    assertThat(new BigDecimal(state.get("balance").stringValue()))
                            .as("time travel to version " + event.get("version") + " of " + id)
                            .isEqualByComparingTo(balance);
                }
            }
            if (events.size() < 1000) {
                break;
            }
            from = expectedVersion;
        }
        balances.put(id, balance);
    }
}

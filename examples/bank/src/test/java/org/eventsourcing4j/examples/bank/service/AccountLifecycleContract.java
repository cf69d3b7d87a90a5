package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** An account's whole life over HTTP, and what operators see. */
abstract class AccountLifecycleContract extends ServiceTestBase {

    @Test
    void an_account_lives_from_opening_to_closing() {
        HttpResponse<String> opened = client.post("/accounts",
                "{\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\",\"currency\":\"EUR\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        assertThat(opened.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode account = BankClient.json(opened);
        String id = account.get("id").stringValue();
        assertThat(opened.headers().firstValue("Location")).hasValue("/accounts/" + id);
        assertThat(opened.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(account.get("email").stringValue()).isEqualTo("ada@example.com");
        assertThat(account.get("name").stringValue()).isEqualTo("Ada Lovelace");
        assertThat(account.get("balance").stringValue()).isEqualTo("0.00");
        assertThat(account.get("currency").stringValue()).isEqualTo("EUR");
        assertThat(account.get("status").stringValue()).isEqualTo("active");
        assertThat(account.get("version").longValue()).isEqualTo(1);
        assertThat(Instant.parse(account.get("updatedAt").stringValue())).isBeforeOrEqualTo(Instant.now());

        HttpResponse<String> deposited = client.deposit(id, "100.00");
        assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(200);
        assertThat(deposited.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(BankClient.json(deposited).get("balance").stringValue()).isEqualTo("100.00");

        // Amounts as JSON numbers are read exactly too.
        HttpResponse<String> withdrawn = client.post("/accounts/" + id + "/withdrawals", "{\"amount\":30}");
        assertThat(BankClient.json(withdrawn).get("balance").stringValue()).isEqualTo("70.00");
        withdrawn = client.post("/accounts/" + id + "/withdrawals", "{\"amount\":0.1,\"currency\":\"EUR\"}");
        assertThat(BankClient.json(withdrawn).get("balance").stringValue()).isEqualTo("69.90");
        assertThat(BankClient.json(withdrawn).get("version").longValue()).isEqualTo(4);

        // The read model has every command that returned 2xx.
        HttpResponse<String> read = client.get("/accounts/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"4\"");
        assertThat(BankClient.json(read)).isEqualTo(BankClient.json(withdrawn));

        assertThat(ids(client.get("/accounts?status=active"))).contains(id);
        assertThat(ids(client.get("/accounts?status=closed"))).doesNotContain(id);

        assertThat(BankClient.json(client.withdraw(id, "69.90")).get("balance").stringValue()).isEqualTo("0.00");
        HttpResponse<String> closed = client.post("/accounts/" + id + "/close", "{\"reason\":\"moving abroad\"}");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(BankClient.json(closed).get("status").stringValue()).isEqualTo("closed");
        assertThat(BankClient.json(closed).get("version").longValue()).isEqualTo(6);

        JsonNode afterClose = client.account(id);
        assertThat(afterClose.get("status").stringValue()).isEqualTo("closed");
        assertThat(afterClose.get("balance").stringValue()).isEqualTo("0.00");
        assertThat(ids(client.get("/accounts?status=closed"))).contains(id);
        assertThat(ids(client.get("/accounts?status=active"))).doesNotContain(id);
        assertThat(client.deposit(id, "1.00").statusCode()).isEqualTo(409);
    }

    @Test
    void the_audit_trail_lists_every_event_in_version_order_with_its_envelope() {
        String id = client.open("bob@example.com", "Bob", null);
        client.deposit(id, "12.50");
        client.withdraw(id, "2.50");

        HttpResponse<String> response = client.get("/accounts/" + id + "/events");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode events = BankClient.json(response);
        assertThat(events).hasSize(3);
        List<String> types = new ArrayList<>();
        long previousPosition = 0;
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            types.add(event.get("type").stringValue());
            assertThat(event.get("version").longValue()).isEqualTo(i + 1);
            assertThat(event.get("position").longValue()).isGreaterThan(previousPosition);
            previousPosition = event.get("position").longValue();
            assertThat(event.get("eventId").stringValue()).hasSize(36);
            assertThat(Instant.parse(event.get("timestamp").stringValue())).isBeforeOrEqualTo(Instant.now());
            assertThat(event.get("metadata").get("correlationId").stringValue()).isNotBlank();
        }
        assertThat(types).containsExactly("AccountCreated", "MoneyDeposited", "MoneyWithdrawn");
        assertThat(events.get(0).get("data").get("currency").stringValue()).isEqualTo("USD");
        assertThat(events.get(1).get("data").get("amount").decimalValue()).isEqualByComparingTo("12.50");

        HttpResponse<String> page = client.get("/accounts/" + id + "/events?from=2&limit=1");
        assertThat(BankClient.json(page)).hasSize(1);
        assertThat(BankClient.json(page).get(0).get("version").longValue()).isEqualTo(2);
        assertThat(page.headers().firstValue("Link")).hasValue("</accounts/" + id + "/events?from=3&limit=1>; rel=\"next\"");
    }

    @Test
    void time_travel_rebuilds_the_account_at_a_version_or_an_instant() {
        String id = client.open("cy@example.com", "Cy", "JPY");
        client.deposit(id, "500");
        client.withdraw(id, "120");
        client.deposit(id, "7");

        JsonNode atTwo = BankClient.json(client.get("/accounts/" + id + "/state?version=2"));
        assertThat(atTwo.get("balance").stringValue()).isEqualTo("500");
        assertThat(atTwo.get("version").longValue()).isEqualTo(2);
        assertThat(atTwo.get("currency").stringValue()).isEqualTo("JPY");
        assertThat(BankClient.json(client.get("/accounts/" + id + "/state?version=4")).get("balance").stringValue())
                .isEqualTo("387");

        JsonNode events = BankClient.json(client.get("/accounts/" + id + "/events"));
        String third = events.get(2).get("timestamp").stringValue();
        long expectedVersion = 0;
        for (JsonNode event : events) {
            if (!Instant.parse(event.get("timestamp").stringValue()).isAfter(Instant.parse(third))) {
                expectedVersion = event.get("version").longValue();
            }
        }
        HttpResponse<String> asOf = client.get("/accounts/" + id + "/state?at=" + URLEncoder.encode(third, StandardCharsets.UTF_8));
        assertThat(asOf.statusCode()).as(asOf.body()).isEqualTo(200);
        assertThat(BankClient.json(asOf).get("version").longValue()).isEqualTo(expectedVersion);
        assertThat(BankClient.json(asOf).get("updatedAt").stringValue())
                .isEqualTo(events.get((int) expectedVersion - 1).get("timestamp").stringValue());

        assertThat(client.get("/accounts/" + id + "/state?at=2000-01-01T00:00:00Z").statusCode()).isEqualTo(404);
        // An offset is fine; '+' in the query is a plus sign.
        HttpResponse<String> withOffset = client.get("/accounts/" + id + "/state?at=2999-01-01T01:00:00+01:00");
        assertThat(BankClient.json(withOffset).get("version").longValue()).isEqualTo(4);
        // Far beyond what a store keeps, both ways: the latest state, and nothing yet; on every store.
        for (String future : List.of("+999999999-12-31T23:59:59Z", "+294277-01-01T00:00:00Z", "9999-12-31T23:59:59Z")) {
            HttpResponse<String> latest = client.get("/accounts/" + id + "/state?at="
                    + URLEncoder.encode(future, StandardCharsets.UTF_8));
            assertThat(latest.statusCode()).as(future + ": " + latest.body()).isEqualTo(200);
            assertThat(BankClient.json(latest).get("version").longValue()).isEqualTo(4);
        }
        for (String past : List.of("-999999999-01-01T00:00:00Z", "-4714-11-24T00:00:00Z", "0001-01-01T00:00:00Z")) {
            assertThat(client.get("/accounts/" + id + "/state?at=" + URLEncoder.encode(past, StandardCharsets.UTF_8))
                    .statusCode()).as(past).isEqualTo(404);
        }
    }

    @Test
    void a_matching_if_match_lets_the_command_through() {
        String id = client.open("di@example.com", "Di", null);
        HttpResponse<String> first = client.post("/accounts/" + id + "/deposits", "{\"amount\":\"5.00\"}",
                "If-Match", "\"1\"");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> second = client.post("/accounts/" + id + "/deposits", "{\"amount\":\"5.00\"}",
                "If-Match", "\"7\", \"2\"");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        HttpResponse<String> any = client.post("/accounts/" + id + "/deposits", "{\"amount\":\"5.00\"}", "If-Match", "*");
        assertThat(any.statusCode()).isEqualTo(200);
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("15.00");
    }

    @Test
    void the_list_pages_through_accounts_in_the_order_they_were_opened() {
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(client.open("user" + i + "@example.com", "User " + i, null));
        }
        JsonNode firstPage = BankClient.json(client.get("/accounts?limit=2"));
        assertThat(firstPage.get("limit").intValue()).isEqualTo(2);
        assertThat(ids(client.get("/accounts?limit=2"))).containsExactlyElementsOf(opened.subList(0, 2));
        assertThat(ids(client.get("/accounts?limit=2&offset=2"))).containsExactlyElementsOf(opened.subList(2, 4));
        assertThat(ids(client.get("/accounts?offset=4"))).containsExactly(opened.get(4));
        assertThat(ids(client.get("/accounts?offset=5"))).isEmpty();
    }

    @Test
    void operators_see_projection_progress_health_and_metrics() {
        String id = client.open("ed@example.com", "Ed", null);
        client.deposit(id, "1.00");

        JsonNode projections = BankClient.json(client.get("/projections")).get("projections");
        assertThat(projections).hasSize(1);
        JsonNode accounts = projections.get(0);
        assertThat(accounts.get("name").stringValue()).isEqualTo(AccountProjection.NAME);
        assertThat(accounts.get("state").stringValue()).isIn("running", "catching-up");
        assertThat(accounts.get("checkpoint").stringValue()).isEqualTo(accounts.get("head").stringValue());
        assertThat(accounts.get("lagEvents").longValue()).isZero();
        assertThat(accounts.get("processed").longValue()).isGreaterThanOrEqualTo(2);

        HttpResponse<String> health = client.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(BankClient.json(health).get("status").stringValue()).isEqualTo("up");
        assertThat(BankClient.json(health).get("checks").get("store").stringValue()).isEqualTo("up");

        HttpResponse<String> metrics = client.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("eventsourcing4j_store_append_seconds_count{outcome=\"appended\"}")
                .contains("eventsourcing4j_store_events_appended_total")
                .contains("eventsourcing4j_store_read_stream_seconds_count{outcome=\"success\"}")
                .contains("eventsourcing4j_store_events_read_total{source=\"stream\"}")
                .contains("eventsourcing4j_store_read_log_seconds_count{outcome=\"success\"}")
                .contains("eventsourcing4j_store_events_read_total{source=\"log\"}")
                .contains("eventsourcing4j_projection_lag_events{projection=\"" + AccountProjection.NAME + "\"}")
                .contains("http_server_requests_seconds_count{method=\"POST\"");
        // Every store has the gauge; one whose readers are never held back always reads 0.
        assertThat(metrics.body()).containsPattern(storeReportsReadDelays()
                ? "(?m)^eventsourcing4j_store_read_delayed [01]\\.0$" : "(?m)^eventsourcing4j_store_read_delayed 0\\.0$");
    }

    /** Whether the store says when global-log readers are held back (PostgreSQL), so a gauge shows it. */
    protected boolean storeReportsReadDelays() {
        return false;
    }

    @Test
    void an_account_with_a_long_history_is_loaded_from_a_snapshot_with_the_same_result() throws Exception {
        String id = client.open("fay@example.com", "Fay", "USD");
        for (int i = 0; i < 105; i++) {
            assertThat(client.deposit(id, "1.00").statusCode()).isEqualTo(200);
        }
        // The save that reached version 100 takes a snapshot, written after the command answered
        // (commands start from the repository's cache, so loads that replay many events are rare).
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (snapshots("taken") < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(snapshots("taken")).isGreaterThanOrEqualTo(1);
        HttpResponse<String> withdrawn = client.withdraw(id, "0.50");
        assertThat(BankClient.json(withdrawn).get("balance").stringValue()).isEqualTo("104.50");
        assertThat(BankClient.json(withdrawn).get("version").longValue()).isEqualTo(107);
        // Time travel loads: from the snapshot at version 100 and the events after it.
        assertThat(BankClient.json(client.get("/accounts/" + id + "/state?version=106")).get("balance").stringValue())
                .isEqualTo("105.00");
        assertThat(snapshots("used")).isGreaterThanOrEqualTo(1);
        assertThat(snapshots("failed")).isZero();
        assertThat(BankClient.json(client.get("/accounts/" + id + "/state?version=50")).get("balance").stringValue())
                .isEqualTo("49.00");
    }

    @Test
    void the_service_is_ready_once_its_read_model_caught_up_and_not_while_its_projection_has_failed()
            throws Exception {
        HttpResponse<String> ready = client.get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(BankClient.json(ready).get("status").stringValue()).isEqualTo("ready");

        // An event the account projection cannot read (a type it does not know, in an account stream) stops it.
        service.storage().store().append(StreamId.of("account-" + UUID.randomUUID()), ExpectedVersion.noStream(),
                EventData.of("AccountFrozen", "{}"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.projection().status().state() != ProjectionStatus.State.FAILED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        HttpResponse<String> notReady = client.get("/health/ready");
        assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
        JsonNode body = BankClient.json(notReady);
        assertThat(body.get("status").stringValue()).isEqualTo("not-ready");
        assertThat(body.get("reason").stringValue()).contains(AccountProjection.NAME).contains("failed")
                .contains("AccountFrozen");
        // Liveness is another question: the store and the read model still answer.
        assertThat(client.get("/health").statusCode()).isEqualTo(200);
    }

    /**
     * A release with a new read-model version replays the log into a table of its own and
     * leaves the older version's table and checkpoint alone, for the older release's
     * instances that still serve them.
     */
    @Test
    void a_new_read_model_version_is_built_from_the_log_beside_the_old_one() throws Exception {
        String id = client.open("gil@example.com", "Gil", "EUR");
        client.deposit(id, "5.00");
        // Make this database look like one an older release ran on: its read model under the
        // name of version 0, and no table or checkpoint yet for this release's version.
        String old = AccountProjection.BASE_NAME + "_v0";
        service.projection().close();
        JdbcTransactions transactions = service.storage().store();
        JdbcCheckpointStore checkpoints = service.storage().store().checkpoints();
        LogPosition oldCheckpoint = transactions.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table " + old + " as select * from " + AccountProjection.NAME);
                statement.execute("drop table " + AccountProjection.NAME);
            }
            LogPosition position = checkpoints.load(connection, AccountProjection.NAME);
            checkpoints.compareAndSet(connection, old, LogPosition.START, position);
            checkpoints.reset(connection, AccountProjection.NAME);
            return position;
        });

        restart();
        assertThat(client.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("5.00");
        assertThat(service.projection().status().checkpoint()).isEqualTo(oldCheckpoint);
        client.deposit(id, "1.00");
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("6.00");
        // The old version's rows and checkpoint are as the old release left them.
        assertThat(service.storage().store().checkpoints().load(old)).isEqualTo(oldCheckpoint);
        service.storage().store().inTransaction(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select balance from " + old + " where id = '" + id + "'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("5.00");
            }
            return null;
        });
    }

    /** A {@code bank_snapshots_total} counter from {@code /metrics}. */
    private double snapshots(String outcome) {
        String prefix = "bank_snapshots_total{outcome=\"" + outcome + "\"} ";
        return client.get("/metrics").body().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + prefix));
    }

    static List<String> ids(HttpResponse<String> listResponse) {
        assertThat(listResponse.statusCode()).as(listResponse.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode account : BankClient.json(listResponse).get("accounts")) {
            ids.add(account.get("id").stringValue());
        }
        return ids;
    }
}

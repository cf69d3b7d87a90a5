package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.examples.bank.BankService;
import org.eventsourcing4j.testkit.Race;
import org.junit.jupiter.api.Test;

class PostgresConcurrencyTest extends ConcurrencyContract {
    private static final int ACCOUNTS = 8;
    private static final int DEPOSITS = 32;

    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }

    /**
     * The bank turns the store's group commit on: concurrent deposits to different accounts
     * share a transaction (one statement), each answered, none lost. The same race with it
     * turned off gives every deposit a transaction of its own.
     */
    @Test
    void concurrent_deposits_to_different_accounts_are_committed_together_and_all_land() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            ids.add(client.open("group" + i + "@example.com", "Group " + i, "USD"));
        }
        int rounds = 0;
        long grouped = 0;
        while (grouped == 0 && rounds < 10) {
            depositConcurrently(ids);
            rounds++;
            grouped = eventsSharingATransaction(0);
        }
        assertThat(grouped).as("deposits committed in a transaction with others, after %d races", rounds).isPositive();
        for (String id : ids) {
            assertThat(client.account(id).get("balance").stringValue())
                    .isEqualTo(rounds * DEPOSITS / ACCOUNTS + ".00");
        }

        long before = lastPosition();
        service.close();
        service = BankService.start(BankFixture.testConfig().withPostgresUrl(fixture.url()),
                List.of("--eventsourcing4j.postgres.group-commit=false"), false);
        client = new BankClient(service.baseUri());
        for (int i = 0; i < 3; i++) {
            depositConcurrently(ids);
        }
        assertThat(eventsSharingATransaction(before)).as("with group commit off").isZero();
        for (String id : ids) {
            assertThat(client.account(id).get("balance").stringValue())
                    .isEqualTo((rounds + 3) * DEPOSITS / ACCOUNTS + ".00");
        }
    }

    private void depositConcurrently(List<String> ids) {
        for (Race.Outcome<HttpResponse<String>> outcome
                : Race.run(DEPOSITS, i -> () -> client.deposit(ids.get(i % ACCOUNTS), "1.00"))) {
            assertThat(outcome.succeeded()).as(String.valueOf(outcome.error())).isTrue();
            assertThat(outcome.value().statusCode()).as(outcome.value().body()).isEqualTo(200);
        }
    }

    /** How many events after {@code position} were committed in a transaction with another event. */
    private long eventsSharingATransaction(long position) throws SQLException {
        return queryLong("select coalesce(sum(n), 0) from (select count(*) as n from es_events where position > "
                + position + " group by tx_id having count(*) > 1) as shared");
    }

    private long lastPosition() throws SQLException {
        return queryLong("select coalesce(max(position), 0) from es_events");
    }

    private long queryLong(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(fixture.url());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}

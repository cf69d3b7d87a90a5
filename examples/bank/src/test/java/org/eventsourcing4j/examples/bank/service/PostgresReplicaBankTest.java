package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.eventsourcing4j.examples.bank.BankService;
import org.eventsourcing4j.testkit.postgres.TemporaryPostgres;
import org.eventsourcing4j.testkit.postgres.TemporaryReplica;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bank on a PostgreSQL primary with a real streaming replica (servers of the test's own):
 * account events and read-model queries come from the replica, and a command answers only once
 * the replica shows it, so the read that follows sees it.
 */
class PostgresReplicaBankTest {
    private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(2);
    private static TemporaryPostgres primary;
    private static TemporaryReplica replica;
    private BankService service;
    private BankClient client;

    @BeforeAll
    static void startServers() {
        primary = TemporaryPostgres.create();
        replica = primary.createReplica();
    }

    @AfterAll
    static void stopServers() {
        primary.close();
    }

    @BeforeEach
    void startService() {
        service = BankService.start(BankFixture.testConfig().withPostgresUrl(primary.jdbcUrl())
                .withPostgresReplicaUrl(replica.jdbcUrl()).withReadYourWritesTimeout(READ_YOUR_WRITES));
        client = new BankClient(service.baseUri());
    }

    @AfterEach
    void stopService() {
        if (replica.isReplayPaused()) {
            replica.resumeReplay();
        }
        service.close();
    }

    @Test
    void every_read_right_after_a_command_shows_it_although_reads_come_from_the_replica() {
        assertThat(service.storage().description()).contains("reads from the replica");
        String id = client.open("grace@example.com", "Grace Hopper", "EUR");
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> deposited = client.deposit(id, "10.00");
            assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(200);
            assertThat(client.account(id).get("version").longValue()).isEqualTo(1 + i);
        }
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("100.00");
    }

    @Test
    void while_the_replica_replays_nothing_commands_go_on_and_reads_show_its_state_until_it_resumes() {
        String id = client.open("alan@example.com", "Alan Turing", "EUR");
        client.deposit(id, "5.00");
        replica.pauseReplay();

        long started = System.nanoTime();
        HttpResponse<String> deposited = client.deposit(id, "7.00");
        assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(200);
        assertThat(BankClient.json(deposited).get("balance").stringValue()).isEqualTo("12.00");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the command waited for the replica")
                .isGreaterThanOrEqualTo(READ_YOUR_WRITES);
        assertThat(client.account(id).get("balance").stringValue()).as("the replica's state").isEqualTo("5.00");

        replica.resumeReplay();
        assertThat(service.storage().store().awaitReplication(Duration.ofSeconds(30))).isTrue();
        assertThat(client.account(id).get("balance").stringValue()).isEqualTo("12.00");
    }
}

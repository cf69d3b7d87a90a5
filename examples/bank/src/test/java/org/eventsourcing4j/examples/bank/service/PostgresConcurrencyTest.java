package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.eventsourcing4j.examples.bank.BankService;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.junit.jupiter.api.Test;

class PostgresConcurrencyTest extends ConcurrencyContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }

    /**
     * On PostgreSQL one instance runs the account projection (advisory-lock lease); another
     * follows its checkpoint, so its commands still read their writes, and it takes over
     * when the first instance stops.
     */
    @Test
    void a_second_instance_waits_for_the_projection_lease_reads_its_writes_and_takes_over() throws Exception {
        String id = client.open("lee@example.com", "Lee", "EUR");
        try (BankService second = fixture().start(BankFixture.testConfig())) {
            BankClient other = new BankClient(second.baseUri());
            awaitState(second.projection(), ProjectionStatus.State.WAITING_FOR_LEASE);
            assertThat(service.projection().status().state()).isIn(ProjectionStatus.State.RUNNING,
                    ProjectionStatus.State.CATCHING_UP);
            for (int i = 1; i <= 5; i++) {
                assertThat(other.deposit(id, "1.00").statusCode()).isEqualTo(200);
                // Straight from the second instance's read model, which only the first one writes.
                assertThat(other.account(id).get("balance").stringValue()).isEqualTo(i + ".00");
            }
            assertThat(second.projection().status().state()).isEqualTo(ProjectionStatus.State.WAITING_FOR_LEASE);

            service.close();
            assertThat(other.deposit(id, "1.00").statusCode()).isEqualTo(200);
            assertThat(other.account(id).get("balance").stringValue()).isEqualTo("6.00");
            assertThat(second.projection().status().state()).isIn(ProjectionStatus.State.RUNNING,
                    ProjectionStatus.State.CATCHING_UP);
        }
    }

    private static void awaitState(ProjectionRunner runner, ProjectionStatus.State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runner.status().state() != state && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(runner.status().state()).isEqualTo(state);
    }
}

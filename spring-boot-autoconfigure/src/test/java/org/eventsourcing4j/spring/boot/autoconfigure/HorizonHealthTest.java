package org.eventsourcing4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** On PostgreSQL, a transaction that holds the global log back makes the health contributor DOWN, naming it. */
class HorizonHealthTest {

    @Test
    void a_transaction_holding_the_horizon_past_the_limit_is_down_with_its_pid_age_and_application() throws Exception {
        try (TestPostgres postgres = new TestPostgres()) {
            Contexts.onDataSource(postgres.url()).withUserConfiguration(Orders.class)
                    .withPropertyValues("eventsourcing4j.health.horizon-max-age=200ms",
                            "eventsourcing4j.postgres.horizon-wait=0s")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        HealthIndicator health = context.getBean("eventsourcing4jHealthIndicator", HealthIndicator.class);
                        EventStore store = context.getBean(EventStore.class);
                        try (Connection holder = postgres.connect()) {
                            int pid;
                            try (Statement statement = holder.createStatement()) {
                                statement.execute("set application_name = 'es4j-horizon-holder'");
                                holder.setAutoCommit(false);
                                try (ResultSet row = statement.executeQuery(
                                        "select pg_backend_pid(), pg_current_xact_id()")) {
                                    row.next();
                                    pid = row.getInt(1);
                                }
                            }
                            store.append(StreamId.of("order-after"), ExpectedVersion.noStream(),
                                    EventData.of("OrderPlaced", "{}"));
                            Health down = awaitStatus(health, Status.DOWN, Duration.ofSeconds(20));
                            assertThat(down.getStatus()).as(down.toString()).isEqualTo(Status.DOWN);
                            @SuppressWarnings("unchecked")
                            Map<String, Object> heldBack = (Map<String, Object>) down.getDetails().get("horizonHeldBack");
                            assertThat(heldBack).containsEntry("pid", pid)
                                    .containsEntry("application", "es4j-horizon-holder");
                            assertThat(Duration.parse((String) heldBack.get("age"))).isPositive();
                            holder.rollback();
                        }
                        Health after = awaitStatus(health, Status.UP, Duration.ofSeconds(20));
                        Object heldBack = after.getDetails().get("horizonHeldBack");
                        // Another application on the shared server may hold it now, but not our transaction.
                        assertThat(heldBack == null || !String.valueOf(heldBack).contains("es4j-horizon-holder"))
                                .as(after.toString()).isTrue();
                    });
        }
    }

    private static Health awaitStatus(HealthIndicator indicator, Status status, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Health health = indicator.health();
        while (!health.getStatus().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            health = indicator.health();
        }
        return health;
    }
}

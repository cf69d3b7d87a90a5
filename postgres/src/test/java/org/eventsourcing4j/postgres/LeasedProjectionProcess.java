package org.eventsourcing4j.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;

/**
 * The other application instance of {@link TwoProcessProjectionLeaseTest}: runs the
 * projection under a {@link PostgresProjectionLease} and prints
 * {@code STATUS <state> <processed>} lines until it is killed.
 *
 * <p>Arguments: JDBC URL, schema, projection name.
 */
public final class LeasedProjectionProcess {
    private LeasedProjectionProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        String name = args[2];
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(6);
        config.addDataSourceProperty("ApplicationName", "es4j-test-child-" + schema);
        try (HikariDataSource dataSource = new HikariDataSource(config);
             PostgresEventStore store = PostgresEventStore.create(dataSource, PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "es_")).withHorizonWait(Duration.ofMillis(50)))) {
            TwoProcessProjectionLeaseTest.Setup setup = TwoProcessProjectionLeaseTest.setup(store, schema, name);
            try (ProjectionRunner runner = ProjectionRunner.create(name, store, setup.projection().target(), ProjectionOptions.DEFAULTS.withBatchSize(5).withPollInterval(Duration.ofMillis(50)).withLease(store.lease(name)))) {
                runner.start();
                while (true) {
                    ProjectionStatus status = runner.status();
                    System.out.println("STATUS " + status.state() + " " + status.processed());
                    System.out.flush();
                    Thread.sleep(50);
                }
            }
        }
    }
}

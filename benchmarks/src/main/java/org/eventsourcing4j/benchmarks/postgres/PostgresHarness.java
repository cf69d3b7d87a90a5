package org.eventsourcing4j.benchmarks.postgres;

import org.eventsourcing4j.postgres.PostgresOptions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.eventsourcing4j.benchmarks.sidebyside.CpuProbe;
import org.eventsourcing4j.benchmarks.sidebyside.RawSide;
import org.eventsourcing4j.benchmarks.sidebyside.Settings;
import org.eventsourcing4j.benchmarks.sidebyside.SideBySide;
import org.eventsourcing4j.benchmarks.sidebyside.StoreSide;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresSchema;

/**
 * The PostgreSQL event store side by side with the fair raw-JDBC baseline on the same
 * server, in the same run (see {@link SideBySide} and docs/benchmarks-postgres.md).
 *
 * <pre>
 * mvn -o -q -pl benchmarks -am package -DskipTests
 * java [-Dharness.scenarios=A,B,...] [-Dharness.rounds=5] [-Dharness.seconds=3] ... \
 *      -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.postgres.PostgresHarness
 * </pre>
 *
 * The server comes from {@code EVENTSOURCING4J_PG_URL} (default
 * {@code jdbc:postgresql://localhost:5432/test?user=postgres}). Both sides work in a schema
 * of the harness's own, through one HikariCP pool, and the schema is dropped at the end.
 * {@code -Dharness.groupCommit=true} runs the store with {@link PostgresOptions#withGroupCommit}.
 */
public final class PostgresHarness {
    /** The most writers a scenario runs (G1, G2), plus the stores' listener connections and some to spare. */
    private static final int POOL_SIZE = 32 + 8;

    private PostgresHarness() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        String url = System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
                "jdbc:postgresql://localhost:5432/test?user=postgres");
        boolean groupCommit = Boolean.getBoolean("harness.groupCommit");
        System.out.println("store options: group commit " + (groupCommit ? "on" : "off"));
        String schema = "es4j_bench_" + UUID.randomUUID().toString().substring(0, 8);
        execute(url, "create schema " + schema);
        try {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setSchema(schema); // the bank's read model and the raw tables are named without a schema
            config.setMaximumPoolSize(POOL_SIZE);
            try (HikariDataSource pool = new HikariDataSource(config);
                 StoreSide store = new StoreSide("eventsourcing4j", settings.eventIds(), log -> {
                     PostgresEventStore each = PostgresEventStore.create(pool, PostgresOptions.DEFAULTS
                             .withSchema(PostgresSchema.of(schema, log + "_")).withGroupCommit(groupCommit));
                     return new StoreSide.Log(each, each);
                 });
                 RawSide raw = new RawSide("raw JDBC", log -> new PostgresRawDatabase(pool, log))) {
                new SideBySide(settings, settings.cpu() ? CpuProbe::postgresNanos : null).run(store, raw);
            }
        } finally {
            execute(url, "drop schema " + schema + " cascade");
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

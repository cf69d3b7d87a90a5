package org.eventsourcing4j.postgres.internal;

import org.eventsourcing4j.postgres.PostgresOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The horizon queries run whenever a projection is caught up (its status says what holds
 * readers back), so they must not read the events table: on a table of some size their
 * plans must use the indexes only, with or without statistics. (It once had an EXISTS that
 * PostgreSQL planned as a sequential scan while the table had no statistics yet:
 * milliseconds per 25,000 events, on every idle poll of every projection.)
 */
class HorizonQueriesPlanTest {
    private static final String URL = System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
            "jdbc:postgresql://localhost:5432/test?user=postgres");

    @Test
    void theHorizonQueriesReadNoWholeTable() throws Exception {
        String schema = "es4j_test_plan_" + UUID.randomUUID().toString().substring(0, 8);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(URL);
        PostgresSchema names = PostgresSchema.of(schema, "es_");
        try (PostgresEventStore store = PostgresEventStore.create(dataSource, PostgresOptions.DEFAULTS.withSchema(names))) {
            store.append(StreamId.of("account-0"), ExpectedVersion.noStream(), new EventData(UUID.randomUUID(),
                    "Deposited", 1, "{}".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY));
            try (Connection connection = DriverManager.getConnection(URL);
                 Statement statement = connection.createStatement()) {
                // 30,000 events of as many earlier transactions, the shape of a real log.
                statement.execute("insert into " + names.qualified("events") + " (tx_id, stream_id, version, event_id,"
                        + " event_type, revision, data, recorded_at) select (g::text)::xid8, 'account-' || (g % 300 + 1),"
                        + " g / 300 + 1, gen_random_uuid(), 'Deposited', 1, '{\"amount\": 1}', now()"
                        + " from generate_series(1, 30000) as g");
            }
            try (Connection connection = DriverManager.getConnection(URL);
                 Statement statement = connection.createStatement()) {
                // No ANALYZE: a new table has no statistics yet, and the query must not depend on them.
                for (String query : new HorizonQueries(names, null).queries()) {
                    StringBuilder plan = new StringBuilder();
                    try (ResultSet rows = statement.executeQuery("explain " + query)) {
                        while (rows.next()) {
                            plan.append(rows.getString(1)).append('\n');
                        }
                    }
                    assertThat(plan.toString()).as(query).contains("es_events").doesNotContain("Seq Scan on es_events");
                }
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(URL);
                 Statement statement = connection.createStatement()) {
                statement.execute("drop schema if exists \"" + schema + "\" cascade");
            }
        }
    }
}

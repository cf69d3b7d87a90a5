package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.jdbc.JdbcEventHandler;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code JdbcProjection} on a real SQLite store, as docs/projections.md shows it: one name
 * wires the checkpoint row in {@code es_checkpoints}, parked events in {@code es_dead_letters}
 * and the file-lock lease; the snippet in the doc is this test's code.
 */
class JdbcProjectionOnSqliteTest {
    @TempDir
    Path directory;

    @Test
    void one_name_wires_checkpoint_dead_letters_and_lease_in_the_stores_database() throws Exception {
        try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("events.db"))) {
            store.useTransaction(c -> {
                try (Statement create = c.createStatement()) {
                    create.execute("create table balances (account text primary key, events integer not null)");
                }
            });
            store.append(StreamId.of("account-1"), ExpectedVersion.noStream(), EventData.of("Deposited", "{}"));
            store.append(StreamId.of("account-1"), ExpectedVersion.exactly(1), EventData.of("Refused", "{}"));
            store.append(StreamId.of("audit-1"), ExpectedVersion.noStream(), EventData.of("Deposited", "{}"));
            AppendResult last = store.append(StreamId.of("account-2"), ExpectedVersion.noStream(),
                    EventData.of("Deposited", "{}"));

            JdbcEventHandler balances = (event, connection) -> {
                if (event.type().equals("Refused")) {
                    throw new IllegalStateException("cannot project " + event.type());
                }
                try (PreparedStatement upsert = connection.prepareStatement("insert into balances"
                        + " values (?, 1) on conflict (account) do update set events = events + 1")) {
                    upsert.setString(1, event.streamId().value());
                    upsert.executeUpdate();
                }
            };
            // --- docs/projections.md snippet begins
            ProjectionRunner runner = JdbcProjection.of("account-balances", balances)
                    .withReset(connection -> clearBalances(connection))
                    .withOptions(ProjectionOptions.DEFAULTS.withFilter(EventFilter.streamPrefix("account-"))
                            .withFailurePolicy(FailurePolicy.PARK, 5))
                    .runner(store);
            runner.start();
            // --- docs/projections.md snippet ends
            try {
                assertThat(runner.awaitProcessed(last.lastPosition(), Duration.ofSeconds(30))).isTrue();
                assertThat(store.checkpoints().load("account-balances")).isEqualTo(last.lastPosition());
                assertThat(store.deadLetters().list("account-balances")).singleElement()
                        .satisfies(p -> assertThat(p.event().type()).isEqualTo("Refused"));
                assertThat(balances(store)).containsExactly("account-1=1", "account-2=1");
                assertThat(store.lease("account-balances").tryAcquire()).as("held by the runner").isFalse();
            } finally {
                runner.close();
            }
            assertThat(store.lease("account-balances").tryAcquire()).as("given up on close").isTrue();
        }
    }

    @Test
    void the_doc_shows_this_tests_wiring() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "projections.md"));
        String source = Files.readString(Path.of("src", "test", "java", "org", "eventsourcing4j", "sqlite",
                getClass().getSimpleName() + ".java"));
        String snippet = source.substring(source.indexOf("snippet begins") + "snippet begins".length(),
                source.indexOf("// --- docs/projections.md snippet ends"));
        assertThat(flat(doc)).contains(flat(snippet));
    }

    private static String flat(String text) {
        return text.replaceAll("(?m)^\\s+", "").strip();
    }

    private static void clearBalances(java.sql.Connection connection) throws java.sql.SQLException {
        try (Statement delete = connection.createStatement()) {
            delete.execute("delete from balances");
        }
    }

    private static List<String> balances(SqliteEventStore store) {
        return store.inTransaction(c -> {
            List<String> rows = new ArrayList<>();
            try (Statement select = c.createStatement();
                 ResultSet rs = select.executeQuery("select account, events from balances order by account")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "=" + rs.getInt(2));
                }
            }
            return rows;
        });
    }
}

package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** horizon (a PostgreSQL transaction held open by the test) and snapshots delete. */
class HorizonAndSnapshotsTest {
    private static PgSchema schema;
    @TempDir
    Path directory;

    @BeforeAll
    static void createSchema() {
        schema = PgSchema.create("horizon");
    }

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Test
    void horizon_names_the_backend_of_a_transaction_that_holds_the_global_log_back() throws Exception {
        try (CliStore fixture = CliStore.postgres(schema, "h_");
             Connection held = schema.connect()) {
            CliRun free = fixture.run("horizon");
            assertThat(free.exitCode).as(free.toString()).isZero();
            assertThat(free.out).contains("not held back");

            int pid;
            try (Statement statement = held.createStatement()) {
                statement.execute("set application_name = 'held-by-the-horizon-test'");
                held.setAutoCommit(false);
                var rs = statement.executeQuery("select pg_current_xact_id(), pg_backend_pid()");
                rs.next();
                pid = rs.getInt(2);
            }
            fixture.store().append(StreamId.of("account-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
            CliRun heldBack = fixture.run("horizon");
            assertThat(heldBack.out).contains("HELD BACK", "pid          " + pid, "held-by-the-horizon-test",
                    "idle in transaction", "pg_terminate_backend(" + pid + ")");
            JsonNode json = ReadCommandsTest.JSON.readTree(fixture.run("horizon", "--json").out);
            assertThat(json.get("heldBack").asBoolean()).isTrue();
            assertThat(json.get("oldestTransaction").get("pid").asInt()).isEqualTo(pid);
            held.rollback();
        }
    }

    @Test
    void horizon_on_sqlite_says_the_log_is_never_held_back() {
        try (CliStore fixture = CliStore.sqlite(directory.resolve("h.db"))) {
            CliRun run = fixture.run("horizon");
            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("never held back");
        }
    }

    @Test
    void snapshots_delete_by_type_by_stream_and_at_a_version() {
        try (CliStore fixture = CliStore.sqlite(directory.resolve("s.db"))) {
            var snapshots = fixture.store().snapshots();
            for (int v = 1; v <= 2; v++) {
                snapshots.save(new Snapshot(StreamId.of("account-1"), v, "AccountSnapshot", 1,
                        "{}".getBytes(), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")));
                snapshots.save(new Snapshot(StreamId.of("account-2"), v, "AccountSnapshot", 1,
                        "{}".getBytes(), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")));
                snapshots.save(new Snapshot(StreamId.of("order-1"), v, "OrderSnapshot", 1,
                        "{}".getBytes(), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")));
            }
            assertThat(fixture.run("snapshots", "delete", "--stream", "account-1", "--version", "2").out)
                    .contains("deleted the snapshot of stream 'account-1' at version 2");
            CliRun again = fixture.run("snapshots", "delete", "--stream", "account-1", "--version", "2");
            assertThat(again.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
            assertThat(fixture.run("snapshots", "delete", "--stream", "account-1").out).contains("deleted 1 snapshot(s)");
            assertThat(fixture.run("snapshots", "delete", "--type", "AccountSnapshot").out).contains("deleted 2 snapshot(s)");
            assertThat(snapshots.loadLatest(StreamId.of("order-1"))).isPresent();
            assertThat(snapshots.loadLatest(StreamId.of("account-2"))).isEmpty();
            assertThat(fixture.run("snapshots", "delete").exitCode).isEqualTo(ExitCodes.USAGE);
        }
    }
}

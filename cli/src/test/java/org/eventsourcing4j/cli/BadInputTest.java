package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one line naming what was wrong and a documented exit code; --verbose adds the stack trace. */
class BadInputTest {
    @TempDir
    Path directory;

    private static void assertOneLine(CliRun run, int exitCode, String... fragments) {
        assertThat(run.exitCode).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.err.lines().toList()).as(run.toString()).hasSize(1);
        assertThat(run.err).contains(fragments).doesNotContain("\tat ", "Exception in thread");
    }

    @Test
    void a_malformed_postgres_url_is_a_usage_error_that_hides_the_password() {
        assertOneLine(CliRun.of(List.of("--postgres", "postgres://localhost/x"), "streams"), ExitCodes.USAGE,
                "'postgres://localhost/x' is not a PostgreSQL JDBC URL");
        assertOneLine(CliRun.of(List.of("--postgres", "jdbc:postgresql://host:port/db?password=secret"), "streams"),
                ExitCodes.USAGE, "password=***");
        assertThat(CliRun.of(List.of("--postgres", "jdbc:postgresql://host:port/db?password=secret"), "streams").err)
                .doesNotContain("secret");
    }

    @Test
    void an_unreachable_database_exits_4_with_one_line_and_verbose_shows_the_stack_trace() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        List<String> args = List.of("--postgres", "jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres");
        assertOneLine(CliRun.of(args, "streams"), ExitCodes.UNAVAILABLE, "cannot connect to PostgreSQL",
                "127.0.0.1:" + port);
        CliRun verbose = CliRun.of(args, "streams", "--verbose");
        assertThat(verbose.exitCode).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(verbose.err).contains("cannot connect to PostgreSQL").contains("\tat ");
    }

    @Test
    void a_schema_without_an_event_store_and_a_missing_sqlite_file_exit_4() {
        assertOneLine(CliRun.of(List.of("--postgres", PgSchema.url(), "--schema", "es4j_no_such_schema"), "streams"),
                ExitCodes.UNAVAILABLE, "no event store in schema es4j_no_such_schema");
        Path missing = directory.resolve("missing.db");
        assertOneLine(CliRun.of(List.of("--sqlite", missing.toString()), "streams"), ExitCodes.UNAVAILABLE,
                "no SQLite database file at " + missing);
        assertThat(missing).doesNotExist();
    }

    @Test
    void no_store_two_stores_unknown_options_and_commands_are_usage_errors() {
        assertOneLine(CliRun.of(List.of(), "streams"), ExitCodes.USAGE, "no store given");
        assertOneLine(CliRun.of(List.of("--sqlite", "a.db", "--postgres", PgSchema.url()), "streams"), ExitCodes.USAGE,
                "either --postgres or --sqlite");
        assertOneLine(CliRun.of(List.of(), "streams", "--bogus"), ExitCodes.USAGE, "Unknown option: '--bogus'",
                "es4j streams --help");
        assertOneLine(CliRun.of(List.of(), "explode"), ExitCodes.USAGE, "explode");
        assertOneLine(CliRun.of(List.of("--sqlite", "a.db"), "log", "--from", "x:y"), ExitCodes.USAGE,
                "'x:y' is not a log position");
        assertOneLine(CliRun.of(List.of("--postgres", PgSchema.url(), "--schema", "Bad-Name"), "streams"),
                ExitCodes.USAGE, "invalid schema");
    }

    @Test
    void the_store_options_come_from_the_environment_for_scripts() {
        Path file = directory.resolve("env.db");
        try (var fixture = CliStore.sqlite(file)) {
            fixture.store().append(StreamId.of("env-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
        }
        CliRun run = CliRun.run(Map.of("ES4J_SQLITE", file.toString()), false, Clock.systemUTC(), "", List.of(),
                "streams");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("env-1");
    }

    @Test
    void help_lists_every_command_and_the_exit_codes() {
        CliRun help = CliRun.of(List.of(), "--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).contains("streams", "stream", "event", "log", "projections", "projection", "parked",
                "horizon", "export", "import", "snapshots", "console", "Exit codes: 0 ok");
    }
}

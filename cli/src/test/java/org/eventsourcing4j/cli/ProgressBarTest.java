package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eventsourcing4j.cli.internal.Context;
import org.eventsourcing4j.cli.internal.ProgressBar;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress bar shows rate and time left on a terminal, and nothing otherwise. */
class ProgressBarTest {
    @TempDir
    Path directory;

    private static Context context(StringWriter err, MutableClock clock, boolean terminal) {
        return new Context(new PrintWriter(new StringWriter()), new PrintWriter(err, true), System.in,
                java.io.OutputStream.nullOutputStream(), Map.of(), clock, terminal);
    }

    @Test
    void on_a_terminal_it_draws_the_bar_with_rate_and_time_left() {
        StringWriter err = new StringWriter();
        MutableClock clock = MutableClock.startingAt2026();
        try (ProgressBar bar = ProgressBar.of(context(err, clock, true), "export", "events")) {
            clock.advance(Duration.ofSeconds(10));
            bar.update(25_000, 0.25);
        }
        assertThat(err.toString()).contains("export [#######", " 25% ", "25,000 events", "2,500 events/s", "ETA 0:30");
    }

    @Test
    void without_a_terminal_it_prints_nothing() {
        StringWriter err = new StringWriter();
        MutableClock clock = MutableClock.startingAt2026();
        try (ProgressBar bar = ProgressBar.of(context(err, clock, false), "export", "events")) {
            clock.advance(Duration.ofSeconds(10));
            bar.update(25_000, 0.25);
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void an_export_on_a_terminal_shows_progress_and_off_a_terminal_does_not() {
        try (CliStore fixture = CliStore.sqlite(directory.resolve("p.db"))) {
            for (int i = 0; i < 3; i++) {
                fixture.store().append(StreamId.of("s-" + i), ExpectedVersion.noStream(), EventData.of("E", "{}"));
            }
            String file = directory.resolve("out.ndjson").toString();
            CliRun terminal = CliRun.run(Map.of(), true, MutableClock.startingAt2026(), "", fixture.args(), "export", file);
            assertThat(terminal.err).contains("export [", "100%", "3 events");
            CliRun piped = CliRun.run(Map.of(), false, MutableClock.startingAt2026(), "", fixture.args(), "export", file);
            assertThat(piped.err).isEmpty();
            assertThat(List.of(terminal.exitCode, piped.exitCode)).containsOnly(0);
        }
    }
}

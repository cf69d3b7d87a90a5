package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Optimistic concurrency across processes: this JVM and a child JVM race on one stream,
 * each appending with the version it just read. Every version must have exactly one
 * winner, known to exactly one process, and the stream must hold exactly those events.
 */
class TwoProcessWritersTest {
    private static final long TARGET = 600;
    private static PgTestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("procs");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void two_processes_racing_on_one_stream_get_exactly_one_winner_per_version() throws Exception {
        StreamId stream = StreamId.of("contended-1");
        try (PostgresEventStore store = database.store("es_", Clock.systemUTC())) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ExpectedVersionWriter.class.getName(),
                    PgTestDatabase.url(), database.schema, "es_", stream.value(), Long.toString(TARGET))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            List<String> childLines = new ArrayList<>();
            List<ExpectedVersionWriter.Win> mine;
            try (BufferedReader fromChild = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                 Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                assertThat(fromChild.readLine()).isEqualTo("READY");
                toChild.write("go\n");
                toChild.flush();
                mine = ExpectedVersionWriter.race(store, stream, TARGET, "parent", null);
                String line;
                while ((line = fromChild.readLine()) != null) {
                    childLines.add(line);
                }
            } finally {
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
            assertThat(child.exitValue()).as("child exit code").isZero();
            assertThat(childLines).last().isEqualTo("DONE");

            Map<Long, String> winners = new HashMap<>();
            for (ExpectedVersionWriter.Win win : mine) {
                assertThat(winners.put(win.version(), win.eventId())).as("version %d won twice", win.version()).isNull();
            }
            int childWins = 0;
            for (String line : childLines.subList(0, childLines.size() - 1)) {
                String[] parts = line.split(" ");
                assertThat(parts[0]).isEqualTo("WON");
                assertThat(winners.put(Long.parseLong(parts[1]), parts[2]))
                        .as("version %s won by both processes", parts[1]).isNull();
                childWins++;
            }
            assertThat(winners).hasSize((int) TARGET);
            assertThat(mine).as("the parent won some versions").isNotEmpty();
            assertThat(childWins).as("the child won some versions").isPositive();

            try (Stream<RecordedEvent> events = store.readStream(stream)) {
                List<RecordedEvent> stored = events.toList();
                assertThat(stored).hasSize((int) TARGET);
                for (int i = 0; i < stored.size(); i++) {
                    RecordedEvent event = stored.get(i);
                    assertThat(event.version()).isEqualTo(i + 1L);
                    assertThat(event.eventId().toString()).as("winner of version %d", i + 1)
                            .isEqualTo(winners.get(event.version()));
                    assertThat(json(event).get("expected").asLong()).isEqualTo(i);
                }
            }
        }
    }

    private static tools.jackson.databind.JsonNode json(RecordedEvent event) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(event.data());
    }
}

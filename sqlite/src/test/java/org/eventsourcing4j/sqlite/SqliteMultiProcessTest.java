package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVM processes append to one new file at the same time — to their own streams, to a
 * shared stream with {@code any()}, and to a contended stream with {@code exactly(n)} —
 * while this process pages through the global log. Nothing is lost or duplicated, every
 * acknowledged append is stored at the version and position it was acknowledged with, and
 * the reader in a third process saw the log in the one order it finally has.
 */
class SqliteMultiProcessTest {
    private static final int PER_PROCESS = 240;

    @TempDir
    Path directory;

    @RepeatedTest(2)
    void two_processes_on_one_file_lose_nothing_duplicate_nothing_and_agree_on_one_order() throws Exception {
        Path file = directory.resolve("shared.db");
        try (ChildProcess a = ChildProcess.start(directory, "race", file.toString(), "a", Integer.toString(PER_PROCESS));
             ChildProcess b = ChildProcess.start(directory, "race", file.toString(), "b", Integer.toString(PER_PROCESS))) {
            // Both children opened (and raced to create) the schema before saying ready.
            assertThat(a.nextLine()).isEqualTo("ready");
            assertThat(b.nextLine()).isEqualTo("ready");
            try (SqliteEventStore reader = SqliteEventStore.open(file)) {
                a.send("go");
                b.send("go");
                List<RecordedEvent> seen = tail(reader, 2 * PER_PROCESS);
                List<String> acks = new ArrayList<>();
                acks.addAll(acksUntilDone(a));
                acks.addAll(acksUntilDone(b));
                assertThat(a.waitForExit()).as("exit code of a; stderr:\n%s", a.stderrText()).isZero();
                assertThat(b.waitForExit()).as("exit code of b; stderr:\n%s", b.stderrText()).isZero();

                List<RecordedEvent> log = TestLogs.wholeLog(reader);
                assertThat(log).hasSize(2 * PER_PROCESS);
                TestLogs.assertOneOrderWithDenseVersions(log);
                assertThat(seen).as("what the concurrent reader saw, in order").containsExactlyElementsOf(log);
                assertThat(reader.currentVersion(StreamId.of(AppendingProcess.CONTENDED))).isEqualTo(2 * PER_PROCESS / 3);
                assertThat(reader.currentVersion(StreamId.of(AppendingProcess.SHARED))).isEqualTo(2 * PER_PROCESS / 3);

                Map<UUID, RecordedEvent> byId = new HashMap<>();
                log.forEach(e -> byId.put(e.eventId(), e));
                assertThat(acks).hasSize(2 * PER_PROCESS);
                for (String ack : acks) {
                    String[] parts = ack.split(" ");
                    RecordedEvent stored = byId.get(UUID.fromString(parts[1]));
                    assertThat(stored).as("acknowledged %s", ack).isNotNull();
                    assertThat(stored.streamId().value()).isEqualTo(parts[2]);
                    assertThat(stored.version()).as("version of %s", ack).isEqualTo(Long.parseLong(parts[3]));
                    assertThat(stored.position()).as("position of %s", ack).isEqualTo(Long.parseLong(parts[4]));
                }
            }
        }
    }

    /** Pages forward until {@code total} events were seen, checking each page moves forward. */
    private static List<RecordedEvent> tail(SqliteEventStore reader, int total) {
        List<RecordedEvent> seen = new ArrayList<>();
        LogPosition after = LogPosition.START;
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (seen.size() < total) {
            assertThat(System.nanoTime()).as("time left to see all events").isLessThan(deadline);
            LogPage page = reader.readAll(after, 1 + seen.size() % 37);
            for (RecordedEvent event : page.events()) {
                assertThat(event.logPosition()).isGreaterThan(after);
                after = event.logPosition();
                seen.add(event);
            }
            assertThat(page.next()).isGreaterThanOrEqualTo(after);
            after = page.next();
            if (page.isEmpty()) {
                Thread.onSpinWait();
            }
        }
        return seen;
    }

    private static List<String> acksUntilDone(ChildProcess child) throws InterruptedException {
        List<String> acks = new ArrayList<>();
        for (String line = child.nextLine(); !line.equals("done"); line = child.nextLine()) {
            acks.add(line);
        }
        return acks;
    }
}

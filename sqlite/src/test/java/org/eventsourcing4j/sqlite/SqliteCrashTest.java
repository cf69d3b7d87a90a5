package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A process appending batches is killed with kill -9 in the middle of its burst. After
 * reopening, every append it acknowledged is there, no batch is half there, the file
 * passes {@code PRAGMA integrity_check}, and appends continue.
 */
class SqliteCrashTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path directory;

    @RepeatedTest(3)
    void a_process_killed_mid_burst_loses_no_acknowledged_event_and_leaves_no_half_batch(RepetitionInfo repetition)
            throws Exception {
        Path file = directory.resolve("crash.db");
        int killAfter = 60 + 90 * repetition.getCurrentRepetition();
        List<String> acks = new ArrayList<>();
        try (ChildProcess child = ChildProcess.start(directory, "burst", file.toString())) {
            while (acks.size() < killAfter) {
                acks.add(child.nextLine());
            }
            acks.addAll(child.killAndDrain());
        }

        assertThat(TestLogs.integrityCheck(file)).isEqualTo("ok");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            List<RecordedEvent> log = TestLogs.wholeLog(store);
            TestLogs.assertOneOrderWithDenseVersions(log);
            Set<UUID> stored = new HashSet<>();
            log.forEach(e -> stored.add(e.eventId()));
            for (String ack : acks) {
                String[] parts = ack.split(" ");
                assertThat(parts[0]).isEqualTo("ack");
                for (String id : parts[3].split(",")) {
                    assertThat(stored).as("acknowledged event %s of batch %s", id, parts[1]).contains(UUID.fromString(id));
                }
            }
            assertThat(log.size()).as("stored events").isGreaterThanOrEqualTo(acks.size());
            assertEveryBatchWhole(log);

            for (int s = 0; s < 3; s++) {
                StreamId stream = StreamId.of("burst-" + s);
                long version = store.currentVersion(stream);
                EventData after = EventData.of("AfterCrash", "{}");
                assertThat(store.append(stream, ExpectedVersion.exactly(version), after).streamVersion())
                        .isEqualTo(version + 1);
            }
            assertThat(TestLogs.wholeLog(store)).hasSize(log.size() + 3);
        }
    }

    /** Events of one batch are all present, consecutive in their stream and in the log. */
    private static void assertEveryBatchWhole(List<RecordedEvent> log) {
        Map<String, List<RecordedEvent>> batches = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (RecordedEvent event : log) {
            JsonNode data = JSON.readTree(event.data());
            String batch = data.get("batch").asString();
            batches.computeIfAbsent(batch, b -> new ArrayList<>()).add(event);
            sizes.put(batch, data.get("size").asInt());
        }
        batches.forEach((batch, events) -> {
            assertThat(events).as("events of batch %s", batch).hasSize(sizes.get(batch));
            for (int k = 1; k < events.size(); k++) {
                assertThat(events.get(k).position()).isEqualTo(events.get(k - 1).position() + 1);
                assertThat(events.get(k).version()).isEqualTo(events.get(k - 1).version() + 1);
            }
        });
    }
}

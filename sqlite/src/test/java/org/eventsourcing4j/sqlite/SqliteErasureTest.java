package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.store.ErasureRequest;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hard delete leaves no trace of the content in the database's files, snapshots included. */
class SqliteErasureTest {
    private static final String SECRET = "ada.lovelace.7d1f@example.com";

    @TempDir
    Path directory;

    @Test
    void a_hard_delete_leaves_the_content_in_no_file_and_removes_the_snapshots() throws IOException {
        Path file = directory.resolve("events.db");
        StreamId stream = StreamId.of("account-1");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            store.append(stream, ExpectedVersion.noStream(), EventData.of("Opened", "{\"email\":\"" + SECRET + "\"}"));
            store.append(StreamId.of("account-2"), ExpectedVersion.noStream(), EventData.of("Opened", "{\"email\":\"x@y.z\"}"));
            store.snapshots().save(new Snapshot(stream, 1, "account", 1,
                    ("{\"email\":\"" + SECRET + "\"}").getBytes(StandardCharsets.UTF_8), Instant.now(), Instant.now()));
            assertThat(scan(directory)).as("before the erasure").contains(SECRET);

            store.lifecycle().orElseThrow().hardDelete(stream, new ErasureRequest("dpo", "GDPR art. 17"));

            assertThat(store.snapshots().loadLatest(stream)).isEmpty();
            assertThat(scan(directory)).as("the database file and its WAL").doesNotContain(SECRET);
        }
        assertThat(scan(directory)).as("after closing").doesNotContain(SECRET);
    }

    /** Every file of the directory (database, WAL, shared memory) as Latin-1 text, to search bytes. */
    private static String scan(Path directory) throws IOException {
        List<String> contents = new ArrayList<>();
        try (var files = Files.list(directory)) {
            for (Path path : files.toList()) {
                contents.add(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
            }
        }
        return String.join("\n", contents);
    }
}

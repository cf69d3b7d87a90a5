package org.eventsourcing4j.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;

/**
 * The other process of the multi-process tests: appends to a database file and prints one
 * line per acknowledged append on stdout. A line is printed only after {@code append}
 * returned, and ends with {@code " ."} so that the parent can tell a complete line from
 * one cut off by a kill.
 *
 * <ul>
 *   <li>{@code burst FILE}: appends batches of 1 to 5 events to three streams until killed;
 *       each event's payload names its batch and the batch size.
 *       Prints {@code ack BATCH SIZE ID,ID,... .}</li>
 *   <li>{@code race FILE WRITER COUNT}: prints {@code ready .}, waits for {@code go} on stdin,
 *       then appends COUNT single events, alternating its own stream, a stream shared with
 *       {@code any()}, and a contended stream with {@code exactly(n)} retried on conflict.
 *       Prints {@code ack ID STREAM VERSION POSITION .} for each, then {@code done .}.</li>
 *   <li>{@code lease FILE NAME}: prints {@code trying .}, takes the projection lease NAME on
 *       FILE (trying every 10 ms), prints {@code held .}, and keeps it until killed or told {@code release} on stdin,
 *       then prints {@code released .}.</li>
 * </ul>
 */
public final class AppendingProcess {
    static final String SHARED = "shared-1";
    static final String CONTENDED = "contended-1";

    private AppendingProcess() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path file = Path.of(args[1]);
        if (args[0].equals("lease")) {
            lease(file, args[2]);
            return;
        }
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            switch (args[0]) {
                case "burst" -> burst(store);
                case "race" -> race(store, args[2], Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    private static void burst(SqliteEventStore store) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            StreamId stream = StreamId.of("burst-" + random.nextInt(3));
            String batchId = UUID.randomUUID().toString();
            int size = 1 + random.nextInt(5);
            List<EventData> events = new ArrayList<>(size);
            List<String> ids = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                EventData event = EventData.of("Burst", "{\"batch\":\"" + batchId + "\",\"size\":" + size
                        + ",\"k\":" + k + ",\"pad\":\"" + "p".repeat(random.nextInt(2000)) + "\"}");
                events.add(event);
                ids.add(event.eventId().toString());
            }
            store.append(stream, ExpectedVersion.any(), events);
            say("ack " + batchId + " " + size + " " + String.join(",", ids));
        }
    }

    private static void race(SqliteEventStore store, String writer, int count) throws IOException {
        say("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"go".equals(in.readLine())) {
            throw new IllegalStateException("expected 'go'");
        }
        StreamId own = StreamId.of("own-" + writer);
        for (int i = 0; i < count; i++) {
            EventData event = EventData.of("Raced", "{\"writer\":\"" + writer + "\",\"i\":" + i + "}");
            StreamId stream = switch (i % 3) {
                case 0 -> own;
                case 1 -> StreamId.of(SHARED);
                default -> StreamId.of(CONTENDED);
            };
            AppendResult result = stream.value().equals(CONTENDED)
                    ? appendContended(store, stream, event)
                    : store.append(stream, ExpectedVersion.any(), event);
            say("ack " + event.eventId() + " " + stream + " " + result.streamVersion() + " " + result.position());
        }
        say("done");
    }

    /** Read the version, append exactly after it, and on a conflict read again: optimistic concurrency. */
    private static AppendResult appendContended(SqliteEventStore store, StreamId stream, EventData event) {
        while (true) {
            long version = store.currentVersion(stream);
            try {
                return store.append(stream, ExpectedVersion.exactly(version), event);
            } catch (ConcurrencyConflictException e) {
                Thread.onSpinWait();
            }
        }
    }

    private static void lease(Path file, String projection) throws IOException, InterruptedException {
        try (SqliteProjectionLease lease = SqliteProjectionLease.of(file, projection)) {
            say("trying");
            while (!lease.tryAcquire()) {
                Thread.sleep(10);
            }
            say("held");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"release".equals(in.readLine())) {
                throw new IllegalStateException("expected 'release'");
            }
        }
        say("released");
    }

    private static void say(String line) {
        System.out.print(line + " .\n");
        System.out.flush();
    }
}

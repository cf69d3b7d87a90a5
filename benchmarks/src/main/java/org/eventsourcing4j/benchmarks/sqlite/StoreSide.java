package org.eventsourcing4j.benchmarks.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/** The library: {@link SqliteEventStore} with expected-version checks, as an aggregate would append. */
final class StoreSide implements Side {
    private static final int WRITERS = 128;

    private final SqliteEventStore store;
    private final long[] versions = new long[WRITERS];
    private final StreamId[] streams = new StreamId[WRITERS];

    StoreSide(Path file, SqliteOptions.Synchronous synchronous) {
        store = SqliteEventStore.open(file, SqliteOptions.defaults().withSynchronous(synchronous));
        for (int i = 0; i < WRITERS; i++) {
            streams[i] = StreamId.of("writer-" + i);
        }
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public void append(int writer, int size) {
        List<EventData> events = new ArrayList<>(size);
        long version = versions[writer];
        for (int k = 1; k <= size; k++) {
            byte[] data = Side.payload(writer, version + k).getBytes(StandardCharsets.UTF_8);
            events.add(new EventData(UUID.randomUUID(), "MoneyDeposited", 1, data,
                    new Metadata("corr-" + writer, null, java.util.Map.of())));
        }
        versions[writer] = store.append(streams[writer], ExpectedVersion.exactly(version), events).streamVersion();
    }

    @Override
    public int loadStream(String stream) {
        try (Stream<RecordedEvent> events = store.readStream(StreamId.of(stream))) {
            int[] count = {0};
            events.forEach(e -> count[0] += e.data().length > 0 ? 1 : 0);
            return count[0];
        }
    }

    @Override
    public long readWholeLog() {
        long count = 0;
        LogPosition after = LogPosition.START;
        while (true) {
            LogPage page = store.readAll(after, 1000);
            if (page.isEmpty()) {
                return count;
            }
            count += page.events().size();
            after = page.next();
        }
    }

    @Override
    public void close() {
        store.close();
    }
}

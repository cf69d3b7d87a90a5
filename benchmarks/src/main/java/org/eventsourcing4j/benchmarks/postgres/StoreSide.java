package org.eventsourcing4j.benchmarks.postgres;

import org.eventsourcing4j.postgres.PostgresOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * The event store: appends build and validate their {@link EventData} inside the measured
 * loop, as a caller would, and expect the exact version they know (optimistic concurrency).
 */
final class StoreSide implements Side {
    private final PostgresEventStore store;

    StoreSide(DataSource dataSource, String schema) {
        this.store = PostgresEventStore.create(dataSource, PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "es_")).withNotifications(!Boolean.getBoolean("harness.noNotify"), java.time.Duration.ofMillis(10)));
    }

    @Override
    public String name() {
        return "eventsourcing4j";
    }

    @Override
    public Writer writer(String stream) {
        StreamId id = StreamId.of(stream);
        Metadata metadata = new Metadata(Payloads.correlationId(stream), null, Map.of());
        return new Writer() {
            long version = store.currentVersion(id);

            @Override
            public void append(int count) {
                List<EventData> events = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    events.add(new EventData(Payloads.nextId(), Payloads.TYPE, 1,
                            Payloads.json(version + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), metadata));
                }
                version = store.append(id, ExpectedVersion.exactly(version), events).streamVersion();
            }
        };
    }

    @Override
    public void populate(String stream, int events) {
        try (Writer writer = writer(stream)) {
            for (int i = 0; i < events; i += 100) {
                writer.append(Math.min(100, events - i));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int load(String stream) {
        try (Stream<RecordedEvent> events = store.readStream(StreamId.of(stream))) {
            return events.toList().size();
        }
    }

    @Override
    public long readLog(int pageSize) {
        long read = 0;
        LogPosition after = LogPosition.START;
        for (LogPage page = store.readAll(after, pageSize); !page.isEmpty(); page = store.readAll(after, pageSize)) {
            read += page.events().size();
            after = page.next();
        }
        return read;
    }

    @Override
    public void close() {
        store.close();
    }
}

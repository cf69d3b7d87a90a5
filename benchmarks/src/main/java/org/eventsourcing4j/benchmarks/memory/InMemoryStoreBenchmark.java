package org.eventsourcing4j.benchmarks.memory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.store.metrics.MeteredEventStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The in-memory store on one thread. Appends build their {@link EventData} inside the
 * measured loop (payload validation included); only the UUID comes from a cheap counter,
 * since {@code UUID.randomUUID()} would measure SecureRandom instead of the store. The
 * metered variant appends through {@link MeteredEventStore} with a {@code SimpleMeterRegistry}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
@State(Scope.Thread)
public class InMemoryStoreBenchmark {

    private static final byte[] PAYLOAD =
            "{\"amount\":\"10.00\",\"currency\":\"USD\"}".getBytes(StandardCharsets.UTF_8);
    private static final int STREAMS = 1_000;

    private InMemoryEventStore store;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MeteredEventStore metered;
    private StreamId[] streams;
    private long counter;

    private InMemoryEventStore loaded;
    private StreamId longStream;

    @Setup(Level.Iteration)
    public void freshStore() {
        store = new InMemoryEventStore();
        metered = MeteredEventStore.of(new InMemoryEventStore(), registry);
        streams = new StreamId[STREAMS];
        for (int i = 0; i < STREAMS; i++) {
            streams[i] = StreamId.of("account-" + i);
        }
    }

    @Setup(Level.Trial)
    public void loadedStore() {
        loaded = new InMemoryEventStore();
        longStream = StreamId.of("account-long");
        List<EventData> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(nextEvent());
        }
        loaded.append(longStream, ExpectedVersion.noStream(), batch);
        for (int s = 0; s < 99; s++) {
            List<EventData> other = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                other.add(nextEvent());
            }
            loaded.append(StreamId.of("other-" + s), ExpectedVersion.noStream(), other);
        }
    }

    private EventData nextEvent() {
        return new EventData(new UUID(0x5EED, counter++), "MoneyDeposited", 1, PAYLOAD, Metadata.EMPTY);
    }

    @Benchmark
    public AppendResult append_one_event() {
        return store.append(streams[(int) (counter % STREAMS)], ExpectedVersion.any(), nextEvent());
    }

    /** {@link #append_one_event()} through the metering wrapper: the wrapper's overhead. */
    @Benchmark
    public AppendResult append_one_event_metered() {
        return metered.append(streams[(int) (counter % STREAMS)], ExpectedVersion.any(), nextEvent());
    }

    /** The caller's share of an append: building and validating one event. */
    @Benchmark
    public EventData build_event_data_only() {
        return nextEvent();
    }

    @Benchmark
    @OperationsPerInvocation(10)
    public AppendResult append_batch_of_10() {
        List<EventData> batch = new ArrayList<>(10);
        for (int i = 0; i < 10; i++) {
            batch.add(nextEvent());
        }
        return store.append(streams[(int) (counter % STREAMS)], ExpectedVersion.any(), batch);
    }

    /** Events per second read while loading a 1,000-event stream. */
    @Benchmark
    @OperationsPerInvocation(1_000)
    public void load_1000_event_stream(Blackhole sink) {
        try (Stream<RecordedEvent> events = loaded.readStream(longStream)) {
            events.forEach(sink::consume);
        }
    }

    /** Events per second read while paging through a 100,000-event global log, 1,000 per page. */
    @Benchmark
    @OperationsPerInvocation(100_000)
    public void read_global_log(Blackhole sink) {
        LogPosition after = LogPosition.START;
        LogPage page;
        while (!(page = loaded.readAll(after, 1_000)).isEmpty()) {
            page.events().forEach(sink::consume);
            after = page.next();
        }
    }
}

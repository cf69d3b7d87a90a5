package org.eventsourcing4j.store.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.spi.AppendListeners;
import org.eventsourcing4j.support.Checks;

/**
 * An event store that reports what goes through it as Micrometer meters. Wrap the store
 * once and use the wrapper everywhere (repositories, projections):
 *
 * <pre>{@code
 * EventStore store = MeteredEventStore.of(postgresStore, registry, "orders");
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type, unit</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@code eventsourcing4j.store.append}</td><td>timer, seconds, with a percentile histogram</td>
 *     <td>{@code outcome} = {@code appended}, {@code conflict}
 *     ({@link ConcurrencyConflictException}) or {@code failed} (any other exception:
 *     invalid input, duplicate event id, store unavailable)</td>
 *     <td>one {@link #append(AppendBatch)} call, the delegate's work only</td></tr>
 * <tr><td>{@code eventsourcing4j.store.events.appended}</td><td>counter, events</td><td></td>
 *     <td>events of successful appends (an idempotent retry counts again: the store does
 *     not say it wrote nothing)</td></tr>
 * <tr><td>{@code eventsourcing4j.store.read.stream}</td><td>timer, seconds, with a percentile histogram</td>
 *     <td>{@code outcome} = {@code success} or {@code failed}</td>
 *     <td>opening a stream read: the {@link #readStream(StreamId, StreamQuery)} call until
 *     it returns the lazy stream; consuming the stream is not included</td></tr>
 * <tr><td>{@code eventsourcing4j.store.read.log}</td><td>timer, seconds, with a percentile histogram</td>
 *     <td>{@code outcome} = {@code success} or {@code failed}</td>
 *     <td>one page of the global log ({@link #readAll(LogPosition, int, EventFilter)})</td></tr>
 * <tr><td>{@code eventsourcing4j.store.events.read}</td><td>counter, events</td>
 *     <td>{@code source} = {@code stream} or {@code log}</td>
 *     <td>events handed to readers: of a stream read, each event as the caller consumes
 *     it (counted lazily, nothing is buffered); of the global log, every event of each page</td></tr>
 * <tr><td>{@code eventsourcing4j.store.read.delayed}</td><td>gauge, 0 or 1</td><td></td>
 *     <td>1 while global-log readers
 *     are held back ({@link #readDelay()} is not empty), else 0. Asks the delegate on every
 *     scrape (on PostgreSQL one query)</td></tr>
 * </table>
 *
 * <p>Created with a name ({@link #of(EventStore, MeterRegistry, String)}), every meter also
 * carries {@code store=<name>}. Some registries (Prometheus) need every meter of one name
 * to have the same tag keys: name all wrappers sharing a registry, or none. Create one
 * wrapper per store and registry: a second one with the same name shares the first one's
 * meters, and its read-delay gauge stays bound to the first. {@code currentVersion} and
 * {@code headPosition} are not metered. The histograms can be turned off or tuned with a
 * {@code MeterFilter} on the registry.
 *
 * <p>It keeps what projections need from the delegate: {@link #onAppend} (the delegate's
 * notifications when the delegate has them, which may also cover other processes; otherwise
 * it wakes listeners after each successful append made through this wrapper, and other
 * writers' appends are found by polling) and {@link #readDelay()} (the delegate's).
 *
 * <p>Micrometer is an optional dependency of core: use this class only when it is on the
 * class path. Thread-safe when the delegate is.
 */
public final class MeteredEventStore extends ForwardingEventStore {
    private final Clock clock;
    private final Timer appended;
    private final Timer conflicts;
    private final Timer appendFailures;
    private final Counter eventsAppended;
    private final Timer streamOpened;
    private final Timer streamFailures;
    private final Timer pageRead;
    private final Timer pageFailures;
    private final Counter eventsReadFromStreams;
    private final Counter eventsReadFromLog;
    private final AppendListeners listeners = new AppendListeners();

    private MeteredEventStore(EventStore store, MeterRegistry registry, Tags tags) {
        super(store);
        this.clock = registry.config().clock();
        this.appended = timer(registry, "eventsourcing4j.store.append", "time to append one batch", tags, "appended");
        this.conflicts = timer(registry, "eventsourcing4j.store.append", "time to append one batch", tags, "conflict");
        this.appendFailures = timer(registry, "eventsourcing4j.store.append", "time to append one batch", tags, "failed");
        this.eventsAppended = Counter.builder("eventsourcing4j.store.events.appended")
                .description("events appended to the store").tags(tags).register(registry);
        this.streamOpened = timer(registry, "eventsourcing4j.store.read.stream", "time to open a stream read",
                tags, "success");
        this.streamFailures = timer(registry, "eventsourcing4j.store.read.stream", "time to open a stream read",
                tags, "failed");
        this.pageRead = timer(registry, "eventsourcing4j.store.read.log", "time to read one page of the global log",
                tags, "success");
        this.pageFailures = timer(registry, "eventsourcing4j.store.read.log", "time to read one page of the global log",
                tags, "failed");
        this.eventsReadFromStreams = eventsRead(registry, tags, "stream");
        this.eventsReadFromLog = eventsRead(registry, tags, "log");
        Gauge.builder("eventsourcing4j.store.read.delayed", store, s -> s.readDelay().isPresent() ? 1 : 0)
                .description("1 while global-log readers are held back, else 0").tags(tags).register(registry);
    }

    /** Meters {@code store} in {@code registry}, without a {@code store} tag. */
    public static MeteredEventStore of(EventStore store, MeterRegistry registry) {
        return new MeteredEventStore(store, Checks.notNull(registry, "registry"), Tags.empty());
    }

    /** Meters {@code store} in {@code registry}, every meter tagged {@code store=<name>}. */
    public static MeteredEventStore of(EventStore store, MeterRegistry registry, String name) {
        Checks.notNull(name, "store name");
        if (name.isBlank()) {
            throw new InvalidArgumentException("store name", "must not be blank");
        }
        return new MeteredEventStore(store, Checks.notNull(registry, "registry"), Tags.of("store", name));
    }

    private static Timer timer(MeterRegistry registry, String name, String description, Tags tags, String outcome) {
        return Timer.builder(name).description(description).tags(tags).tag("outcome", outcome)
                .publishPercentileHistogram().register(registry);
    }

    private static Counter eventsRead(MeterRegistry registry, Tags tags, String source) {
        return Counter.builder("eventsourcing4j.store.events.read").description("events handed to readers")
                .tags(tags).tag("source", source).register(registry);
    }

    @Override
    public AppendResult append(AppendBatch batch) {
        long start = clock.monotonicTime();
        Timer timer = appendFailures;
        AppendResult result;
        try {
            result = super.append(batch);
            timer = appended;
        } catch (ConcurrencyConflictException e) {
            timer = conflicts;
            throw e;
        } finally {
            timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
        eventsAppended.increment(batch.size());
        listeners.wakeAll();
        return result;
    }

    /** Timed and counted like {@link #append(AppendBatch)}: one call, all its events. */
    @Override
    public java.util.List<AppendResult> appendAll(java.util.List<AppendBatch> batches) {
        long start = clock.monotonicTime();
        Timer timer = appendFailures;
        java.util.List<AppendResult> results;
        try {
            results = super.appendAll(batches);
            timer = appended;
        } catch (ConcurrencyConflictException e) {
            timer = conflicts;
            throw e;
        } finally {
            timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
        eventsAppended.increment(batches.stream().mapToInt(AppendBatch::size).sum());
        listeners.wakeAll();
        return results;
    }

    /** The returned stream counts the events its consumer takes; closing it closes the delegate's. */
    @Override
    public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
        Stream<RecordedEvent> events = timed(streamOpened, streamFailures, () -> super.readStream(stream, query));
        return StreamSupport.stream(new CountingSpliterator(events.spliterator(), eventsReadFromStreams),
                events.isParallel()).onClose(events::close);
    }

    @Override
    public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
        LogPage page = timed(pageRead, pageFailures, () -> super.readAll(after, limit, filter));
        eventsReadFromLog.increment(page.events().size());
        return page;
    }

    /** Runs {@code call} and records its time in {@code success}, or in {@code failure} when it throws. */
    private <T> T timed(Timer success, Timer failure, Supplier<T> call) {
        long start = clock.monotonicTime();
        Timer timer = failure;
        try {
            T result = call.get();
            timer = success;
            return result;
        } finally {
            timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The delegate's notifications when it has them; otherwise runs {@code listener} on the
     * appending thread after each successful append through this wrapper (a listener that
     * throws is logged and does not fail the append).
     */
    @Override
    public Optional<Registration> onAppend(Runnable listener) {
        Checks.notNull(listener, "listener");
        return super.onAppend(listener).or(() -> Optional.of(listeners.add(listener)));
    }
}

package org.eventsourcing4j.examples.bank;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendNotifier;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.ReadDelayReporter;

/**
 * An event store that times its appends: {@code eventsourcing4j.store.append} (a timer
 * tagged {@code outcome=appended|conflict|failed}) and {@code eventsourcing4j.store.events.appended}
 * (a counter of events). Everything else goes straight to the store.
 *
 * <p>It wakes projections on appends: through the store's own notifications when the store
 * has them (they may also cover other processes), otherwise after each append made through
 * this wrapper; appends of other processes are then found by the projection's polling.
 * It passes on why readers are held back where the store can say (PostgreSQL).
 */
final class MeteredEventStore extends ForwardingEventStore implements AppendNotifier, ReadDelayReporter {
    private final Timer appended;
    private final Timer conflicts;
    private final Timer failures;
    private final Counter events;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    MeteredEventStore(EventStore store, MeterRegistry registry) {
        super(store);
        this.appended = timer(registry, "appended");
        this.conflicts = timer(registry, "conflict");
        this.failures = timer(registry, "failed");
        this.events = Counter.builder("eventsourcing4j.store.events.appended")
                .description("events appended to the store").register(registry);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("eventsourcing4j.store.append").description("time to append one batch")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry);
    }

    @Override
    public AppendResult append(AppendBatch batch) {
        long start = System.nanoTime();
        Timer timer = failures;
        try {
            AppendResult result = super.append(batch);
            timer = appended;
            events.increment(batch.size());
            listeners.forEach(Runnable::run);
            return result;
        } catch (ConcurrencyConflictException e) {
            timer = conflicts;
            throw e;
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public Registration onAppend(Runnable listener) {
        if (delegate() instanceof AppendNotifier notifier) {
            return notifier.onAppend(listener);
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public Optional<String> readDelay() {
        return delegate() instanceof ReadDelayReporter reporter ? reporter.readDelay() : Optional.empty();
    }

}

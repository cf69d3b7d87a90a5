package org.eventsourcing4j.store.metrics;

import io.micrometer.core.instrument.Counter;
import java.util.Comparator;
import java.util.Spliterator;
import java.util.function.Consumer;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * A stream read's events as they are handed to the consumer, counted on the way: one
 * increment per event taken singly, one per bulk traversal. Buffers nothing, so the read
 * stays as lazy as the store made it.
 */
final class CountingSpliterator implements Spliterator<RecordedEvent> {
    private final Spliterator<RecordedEvent> source;
    private final Counter taken;

    CountingSpliterator(Spliterator<RecordedEvent> source, Counter taken) {
        this.source = source;
        this.taken = taken;
    }

    @Override
    public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
        return source.tryAdvance(event -> {
            taken.increment();
            action.accept(event);
        });
    }

    @Override
    public void forEachRemaining(Consumer<? super RecordedEvent> action) {
        long[] count = {0};
        try {
            source.forEachRemaining(event -> {
                count[0]++;
                action.accept(event);
            });
        } finally {
            if (count[0] > 0) {
                taken.increment(count[0]);
            }
        }
    }

    @Override
    public Spliterator<RecordedEvent> trySplit() {
        Spliterator<RecordedEvent> prefix = source.trySplit();
        return prefix == null ? null : new CountingSpliterator(prefix, taken);
    }

    @Override
    public long estimateSize() {
        return source.estimateSize();
    }

    @Override
    public long getExactSizeIfKnown() {
        return source.getExactSizeIfKnown();
    }

    @Override
    public int characteristics() {
        return source.characteristics();
    }

    @Override
    public Comparator<? super RecordedEvent> getComparator() {
        return source.getComparator();
    }
}

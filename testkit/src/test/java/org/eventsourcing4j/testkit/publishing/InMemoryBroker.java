package org.eventsourcing4j.testkit.publishing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eventsourcing4j.publishing.BrokerUnavailableException;
import org.eventsourcing4j.publishing.ConsumedEventSink;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.MessageRejectedException;
import org.eventsourcing4j.publishing.MessageSender;
import org.eventsourcing4j.publishing.MessageSource;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.GlobalLogReader;

/**
 * A broker in a list, for the contract's guard test only: correct, or with one fault that
 * the publisher contract must catch.
 */
final class InMemoryBroker implements BrokerChannel {
    enum Fault { NONE, LOSES_EVERY_SEVENTH, SWAPS_WITHIN_A_STREAM, DROPS_METADATA, STORES_TWICE }

    private final Fault fault;
    private final int maxMessageBytes;
    private final List<RecordedEvent> stored = new ArrayList<>();
    private int sent;

    InMemoryBroker(Fault fault, int maxMessageBytes) {
        this.fault = fault;
        this.maxMessageBytes = maxMessageBytes;
    }

    private synchronized CompletableFuture<?> store(RecordedEvent event) {
        if (maxMessageBytes > 0 && event.data().length > maxMessageBytes) {
            return CompletableFuture.failedFuture(new MessageRejectedException("too large", null));
        }
        sent++;
        switch (fault) {
            case LOSES_EVERY_SEVENTH -> {
                if (sent % 7 != 0) {
                    stored.add(event);
                }
            }
            case SWAPS_WITHIN_A_STREAM -> {
                // Every second event of a stream goes in before the stream's previous one.
                int previous = -1;
                for (int i = stored.size() - 1; i >= 0 && previous < 0; i--) {
                    previous = stored.get(i).streamId().equals(event.streamId()) ? i : -1;
                }
                stored.add(event.version() % 2 == 0 && previous >= 0 ? previous : stored.size(), event);
            }
            case DROPS_METADATA -> stored.add(new RecordedEvent(event.eventId(), event.type(), event.streamId(),
                    event.version(), event.logPosition(), event.recordedAt(), event.revision(), event.data(), Metadata.EMPTY));
            case STORES_TWICE -> {
                stored.add(event);
                stored.add(event);
            }
            default -> stored.add(event);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public EventPublisher publisher(GlobalLogReader log, PublisherOptions options) {
        return EventPublisher.create(log, new MessageSender() {
            @Override
            public CompletableFuture<?> send(RecordedEvent event) {
                return store(event);
            }

            @Override
            public EventSourcingException classify(Throwable failure, RecordedEvent event) {
                return failure instanceof EventSourcingException known ? known
                        : new BrokerUnavailableException("in-memory broker failed", failure);
            }

            @Override
            public void reset() {
            }

            @Override
            public String describe() {
                return "in-memory broker";
            }

            @Override
            public void close() {
            }
        }, options);
    }

    @Override
    public synchronized List<RecordedEvent> readAll(int atLeast, Duration timeout) {
        return List.copyOf(stored);
    }

    @Override
    public MessageSource source(String group) {
        return new MessageSource() {
            private int next;

            @Override
            public void poll(Duration timeout, ConsumedEventSink sink) {
                List<RecordedEvent> all = readAll(0, timeout);
                while (next < all.size()) {
                    sink.accept(all.get(next));
                    next++;
                }
                try {
                    Thread.sleep(timeout.toMillis() / 10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void wakeup() {
            }

            @Override
            public String describe() {
                return "in-memory broker";
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<String> address() {
        throw new UnsupportedOperationException("the in-memory broker lives in one process");
    }

    @Override
    public void close() {
    }
}

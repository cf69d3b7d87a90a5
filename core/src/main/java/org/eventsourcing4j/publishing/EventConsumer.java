package org.eventsourcing4j.publishing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.support.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds events from a broker into a sink on a thread of its own, so that another service
 * builds read models from what an {@link EventPublisher} published. An unreachable broker
 * is retried with backoff; a sink that throws stops the consumer ({@link #status()} says
 * why) without confirming the event, so the next start delivers it again.
 */
public final class EventConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final MessageSource source;
    private final ConsumedEventSink sink;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile State state = State.NEW;
    private volatile String lastError;
    private volatile boolean stopping;
    private Thread thread;

    public enum State { NEW, RUNNING, FAILED, STOPPED }

    /** @param applied events the sink applied; {@code duplicates}: those it dropped */
    public record Status(State state, long applied, long duplicates, String lastError) {
    }

    public EventConsumer(MessageSource source, ConsumedEventSink sink) {
        this.source = Checks.notNull(source, "source");
        this.sink = Checks.notNull(sink, "sink");
    }

    public synchronized void start() {
        if (thread != null && thread.isAlive()) {
            return;
        }
        stopping = false;
        state = State.RUNNING;
        thread = new Thread(this::run, "consumer-" + source.describe());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void close() {
        stopping = true;
        source.wakeup();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        source.close();
        if (state != State.FAILED) {
            state = State.STOPPED;
        }
    }

    public Status status() {
        return new Status(state, applied.get(), duplicates.get(), lastError);
    }

    private void run() {
        int failures = 0;
        while (!stopping) {
            try {
                source.poll(POLL, event -> {
                    boolean fresh = sink.accept(event);
                    (fresh ? applied : duplicates).incrementAndGet();
                    return fresh;
                });
                failures = 0;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                lastError = PublishingTarget.describe(e);
                if (e instanceof EventSourcingException ese && ese.isRetryable()) {
                    failures++;
                    LOG.warn("consumer of {}: {}; retrying", source.describe(), lastError);
                    sleep(Math.min(5_000, 50L << Math.min(failures, 7)));
                    continue;
                }
                LOG.error("consumer of {} stopped: {}", source.describe(), lastError);
                state = State.FAILED;
                return;
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}

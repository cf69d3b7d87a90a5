package org.eventsourcing4j.console.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.cli.internal.ops.Envelopes;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.Registration;

/**
 * The global log, live, as server-sent events: each event is an {@code append} message whose
 * id is its log position, so a browser that reconnects ({@code Last-Event-ID}) goes on where
 * it was, and never skips an event (the store's gap-safe log). Without a position it starts at
 * the head. A wake-up from the store ends each wait early; a comment every 15 s keeps
 * proxies from closing a quiet stream. At most {@link #MAX_STREAMS} streams at once: each
 * holds a thread of the server.
 */
final class LiveLog {
    static final int MAX_STREAMS = 8;
    private static final long WAIT_MILLIS = 1000;
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final EventStore store;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private volatile boolean closed;

    LiveLog(EventStore store) {
        this.store = store;
    }

    void serve(Http http) throws IOException, InterruptedException {
        if (!streams.tryAcquire()) {
            throw new Http.HttpError(503, "too many live log streams are open (" + MAX_STREAMS + ")");
        }
        Semaphore appended = new Semaphore(0);
        Optional<Registration> wakeUps = Optional.empty();
        try {
            EventFilter filter = ReadApi.filter(http);
            Optional<String> resumeAt = http.exchange().header("Last-Event-ID").or(() -> http.parameter("after"));
            LogPosition after = resumeAt.isPresent() ? ReadApi.position(http.withAfter(resumeAt.get()))
                    : store.headPosition();
            wakeUps = store.onAppend(appended::release);
            try (OutputStream out = http.stream("text/event-stream; charset=utf-8")) {
                write(out, "retry: 2000\n: following the global log after " + after + "\n\n");
                long quietSince = System.currentTimeMillis();
                while (!closed && !Thread.currentThread().isInterrupted()) {
                    appended.drainPermits();
                    LogPage page = store.readAll(after, 100, filter);
                    for (RecordedEvent event : page.events()) {
                        write(out, "id: " + event.logPosition() + "\nevent: append\ndata: " + Envelopes.toJson(event)
                                + "\n\n");
                    }
                    after = page.next();
                    if (!page.isEmpty()) {
                        quietSince = System.currentTimeMillis();
                        continue;
                    }
                    if (System.currentTimeMillis() - quietSince > KEEP_ALIVE_MILLIS) {
                        write(out, ": keep-alive\n\n");
                        quietSince = System.currentTimeMillis();
                    }
                    appended.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (IOException e) {
                // the browser went away: the stream ends
            }
        } finally {
            wakeUps.ifPresent(Registration::close);
            streams.release();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void close() {
        closed = true;
    }
}

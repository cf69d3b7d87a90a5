package org.eventsourcing4j.console.internal;

import java.io.IOException;
import org.eventsourcing4j.cli.internal.ops.Projections;
import org.eventsourcing4j.console.ConsoleOptions;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which handler answers which request, and how failures become responses. */
public final class Routes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    private final Guard guard;
    private final ReadApi read;
    private final ProjectionsApi projections;
    private final LiveLog live;
    private final LagHistory history;

    public Routes(JdbcEventStore store, ConsoleOptions options) {
        this.guard = new Guard(options.adminToken(), options.allowedHosts());
        Projections tools = new Projections(store, options.clock());
        this.history = new LagHistory(tools::all, options.clock(), options.lagSample());
        this.read = new ReadApi(store, options, guard.adminEnabled());
        this.projections = new ProjectionsApi(store, tools, history);
        this.live = new LiveLog(store);
    }

    public void handle(Http http) throws IOException {
        try {
            guard.checkHost(http);
            route(http);
        } catch (Http.HttpError e) {
            http.error(e.status(), e.getMessage());
        } catch (InvalidArgumentException e) {
            http.error(400, e.getMessage());
        } catch (EventSourcingException e) {
            LOG.warn("console: {} {} failed: {}", http.method(), http.path(), e.toString());
            http.error(e.isRetryable() ? 503 : 500, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void route(Http http) throws IOException, InterruptedException {
        String path = http.path();
        if (http.method().equals("POST")) {
            guard.checkAdmin(http);
            String by = "console";
            switch (path) {
                case "/api/projection" -> projections.act(http, by);
                case "/api/parked/skip" -> projections.skip(http);
                default -> throw new Http.HttpError(404, "no such action: " + path);
            }
            return;
        }
        if (!http.method().equals("GET")) {
            throw new Http.HttpError(405, "the console answers GET and POST only");
        }
        switch (path) {
            case "/api/info" -> read.info(http);
            case "/api/streams" -> read.streams(http);
            case "/api/stream" -> read.stream(http);
            case "/api/stream/state" -> read.state(http);
            case "/api/event" -> read.event(http);
            case "/api/log" -> read.log(http);
            case "/api/log/live" -> live.serve(http);
            case "/api/horizon" -> read.horizon(http);
            case "/api/projections" -> projections.list(http);
            case "/api/parked" -> projections.parked(http);
            case "/api/requests" -> projections.requests(http);
            default -> {
                if (!Assets.has(path)) {
                    throw new Http.HttpError(404, "nothing here: " + path);
                }
                Assets.serve(http);
            }
        }
    }

    @Override
    public void close() {
        live.close();
        history.close();
    }
}

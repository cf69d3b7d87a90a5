package org.eventsourcing4j.console;

import java.io.IOException;
import org.eventsourcing4j.console.internal.Http;
import org.eventsourcing4j.console.internal.Routes;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.support.Checks;

/**
 * The web console of a store: streams with search, a stream's events with their envelopes,
 * time travel over a stream's versions with the folded state of registered aggregate types,
 * the global log live, projections with their lag, parked events, and PostgreSQL's held-back
 * horizon. Read-only unless given an admin token ({@link ConsoleOptions#withAdminToken}).
 * Everything it serves comes from this jar.
 *
 * <p>{@code es4j console} serves it; an application mounts it on its own server:
 *
 * <pre>{@code
 * Console console = Console.create(store, ConsoleOptions.readOnly()
 *         .withAggregate(AggregateView.of(Account.TYPE, codec, Account::snapshot)));
 * httpServer.createContext("/console", new ConsoleHttpHandler(console));   // the JDK's HttpServer
 * // any other server: console.handle(exchange) with a ConsoleExchange of its request
 * }</pre>
 *
 * It samples the projections' lag on a thread of its own for the chart: close it with the
 * application.
 */
public final class Console implements AutoCloseable {
    private final Routes routes;

    private Console(Routes routes) {
        this.routes = routes;
    }

    public static Console create(JdbcEventStore store, ConsoleOptions options) {
        return new Console(new Routes(Checks.notNull(store, "store"), Checks.notNull(options, "options")));
    }

    /** Answers one request; the host closes the exchange afterwards. */
    public void handle(ConsoleExchange exchange) throws IOException {
        routes.handle(new Http(exchange));
    }

    /** Stops the lag sampler and ends the live log streams. */
    @Override
    public void close() {
        routes.close();
    }
}

package org.eventsourcing4j.examples.bank.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eventsourcing4j.examples.bank.Bank;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's HTTP API on the JDK's built-in server. Requests run on a bounded pool; when
 * its queue is full the accepting thread runs the request itself, which slows accepting
 * down instead of dropping connections or queueing without bound.
 *
 * <p>{@link #close()} drains: new requests get 503 while the ones in flight finish (up to
 * a timeout), then the server stops.
 */
public final class BankHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BankHttpServer.class);

    static {
        // The JDK server reads these once, when its first server is created; a value the user
        // set on the command line wins. Without TCP_NODELAY, the response body waits for the
        // ACK of the headers (Nagle against delayed ACKs): about 40 ms on every request.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // Without a limit it waits forever for a slow client's request (seconds).
        setIfAbsent("sun.net.httpserver.maxReqTime", "60");
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Router router = new Router();
    private final PrometheusMeterRegistry metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drained = new Object();
    private volatile boolean draining;

    /**
     * @param address  where to listen; port 0 picks a free one (see {@link #port()})
     * @param threads  request threads; the queue holds 16 times as many requests
     * @param notReady why the service should not take traffic yet ({@code /health/ready}), empty when it may
     */
    public BankHttpServer(InetSocketAddress address, int threads, Bank bank, List<ProjectionRunner> projections,
                          Map<String, Runnable> healthProbes, Supplier<Optional<String>> notReady,
                          PrometheusMeterRegistry metrics) {
        this.metrics = metrics;
        new AccountRoutes(bank).register(router);
        new OperationsRoutes(projections, healthProbes, notReady, metrics).register(router);
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 16), runnable -> {
                    Thread thread = new Thread(runnable, "bank-http-" + threadNumber.incrementAndGet());
                    thread.setDaemon(false);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            this.server = HttpServer.create(address, 128);
        } catch (IOException e) {
            executor.shutdown();
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void serve(HttpExchange exchange) {
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        String route = "unmatched";
        Response response;
        try {
            if (draining) {
                response = Response.problem(new Problem(503, "shutting-down", "The service is shutting down",
                        "the service is stopping and takes no new requests").withHeader("Connection", "close"));
            } else {
                String path = exchange.getRequestURI().getRawPath();
                Router.Match match = router.match(exchange.getRequestMethod(), path == null ? "/" : path);
                route = match.pattern();
                response = match.handler().handle(new Request(exchange, match.parameters()));
            }
        } catch (Throwable error) {
            response = errorResponse(exchange, error);
        }
        try {
            write(exchange, response);
        } finally {
            Timer.builder("http.server.requests").description("HTTP requests, by route and status")
                    .tags("method", methodTag(exchange.getRequestMethod()), "route", route, "status",
                            Integer.toString(response.status()))
                    .register(metrics).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (inFlight.decrementAndGet() == 0 && draining) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        }
    }

    /** Known methods by name, any other as OTHER: a tag must not take values clients invent. */
    private static String methodTag(String method) {
        return switch (method) {
            case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" -> method;
            default -> "OTHER";
        };
    }

    private static Response errorResponse(HttpExchange exchange, Throwable error) {
        Problem problem = Problems.of(error);
        if (problem == null) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), error);
            problem = new Problem(500, "internal-error", "Internal server error",
                    "the request failed unexpectedly; the server log has the details");
        } else if (problem.status() >= 500) {
            LOG.warn("{} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), error.toString());
        }
        return Response.problem(problem);
    }

    private static void write(HttpExchange exchange, Response response) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach(exchange.getResponseHeaders()::set);
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.debug("could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    /** Stops taking requests, lets those in flight finish (at most {@code timeout}), then stops. */
    public void stop(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} request(s) still running after {}; stopping anyway", inFlight.get(), timeout);
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}

package org.eventsourcing4j.examples.bank.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Times every request as {@code http.server.requests} (a histogram, so percentiles add up
 * across instances) by {@code method}, {@code route} (the pattern, e.g.
 * {@code /accounts/{id}} — also for a 405, which names a route that exists — or
 * {@code unmatched}) and {@code status}; and, once the service is shutting down, answers new
 * requests with 503 and {@code Connection: close} while those in flight finish.
 */
public final class HttpMetricsFilter extends OncePerRequestFilter implements ApplicationListener<ContextClosedEvent> {
    private static final String ROUTE = HttpMetricsFilter.class.getName() + ".route";
    /** The routes, for naming the one a refused method was sent to. */
    private static final List<PathPattern> ROUTES = List.of("/accounts", "/accounts/{id}", "/accounts/{id}/deposits",
            "/accounts/{id}/withdrawals", "/accounts/{id}/close", "/accounts/{id}/events", "/accounts/{id}/state",
            "/transfers",
            "/projections", "/health", "/health/ready", "/metrics").stream().map(PathPatternParser.defaultInstance::parse)
            .toList();

    private final MeterRegistry registry;
    private volatile boolean draining;

    public HttpMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records, for the metrics, the route a request with a method it does not take was sent to. */
    static void routeOfRefusedMethod(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        ROUTES.stream().filter(route -> route.matches(path)).findFirst()
                .ifPresent(route -> request.setAttribute(ROUTE, route.getPatternString()));
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        draining = true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            if (draining) {
                response.setHeader("Connection", "close");
                ProblemWriter.write(response, new Problem(503, "shutting-down", "The service is shutting down",
                        "the service is stopping and takes no new requests"));
                return;
            }
            chain.doFilter(request, response);
        } finally {
            Timer.builder("http.server.requests").description("HTTP requests, by route and status")
                    .tags("method", methodTag(request.getMethod()), "route", route(request),
                            "status", Integer.toString(response.getStatus()))
                    .publishPercentileHistogram()
                    .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private static String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null) {
            pattern = request.getAttribute(ROUTE);
        }
        return pattern == null ? "unmatched" : pattern.toString();
    }

    /** Known methods by name, any other as OTHER: a tag must not take values clients invent. */
    private static String methodTag(String method) {
        return switch (method) {
            case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" -> method;
            default -> "OTHER";
        };
    }
}

package org.eventsourcing4j.examples.bank;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.eventsourcing4j.examples.bank.readmodel.AccountReadModel;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.spring.boot.Projections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The running bank: the Spring application ({@link BankApplication}) started from a
 * {@link BankConfig}, whose fields become Spring properties (the command line's Spring
 * properties win over them). {@link #close()} is the graceful shutdown: new requests get
 * 503 while those in flight finish (Spring's graceful shutdown, at most the config's
 * shutdown timeout), then the projection commits its checkpoint and stops, then the store
 * and the connection pool close.
 */
public final class BankService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BankService.class);

    private final ConfigurableApplicationContext context;
    private final BankConfig config;
    private boolean closed;

    private BankService(ConfigurableApplicationContext context, BankConfig config) {
        this.context = context;
        this.config = config;
    }

    /** Starts the service in this JVM; {@link #close()} stops it (there is no shutdown hook). */
    public static BankService start(BankConfig config) {
        return start(config, List.of(), false);
    }

    /**
     * @param springArguments Spring properties from the command line ({@code --name=value}), which win over {@code config}
     * @param shutdownHook    whether SIGTERM and Ctrl-C shut the service down gracefully (the runnable jar)
     */
    public static BankService start(BankConfig config, List<String> springArguments, boolean shutdownHook) {
        BankLogging.routeToSlf4j();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BankApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties(config))
                .initializers(application -> application.getBeanFactory().registerSingleton("bankConfig", config))
                .registerShutdownHook(shutdownHook)
                .logStartupInfo(false)
                .run(springArguments.toArray(String[]::new));
        BankService service = new BankService(context, config);
        LOG.info("listening on {}", service.baseUri());
        return service;
    }

    /** The config as Spring properties: the server, its limits, graceful shutdown, the starter's settings. */
    static Map<String, Object> properties(BankConfig config) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.application.name", "bank");
        properties.put("server.address", config.host());
        properties.put("server.port", config.port());
        properties.put("server.shutdown", "graceful");
        properties.put("spring.lifecycle.timeout-per-shutdown-phase", config.shutdownTimeout().toMillis() + "ms");
        properties.put("server.tomcat.threads.max", config.httpThreads());
        properties.put("server.tomcat.threads.min-spare", Math.min(config.httpThreads(), 8));
        // Slow clients: a request line and headers must arrive within 10 s, and at most 1,000
        // connections are open at once; waiting for them holds no request thread (NIO).
        properties.put("server.tomcat.connection-timeout", "10s");
        properties.put("server.tomcat.keep-alive-timeout", "60s");
        // A client keeps its connection as long as it likes (Tomcat's default closes it after 100 requests).
        properties.put("server.tomcat.max-keep-alive-requests", -1);
        properties.put("server.tomcat.max-connections", 1000);
        properties.put("server.tomcat.accept-count", 128);
        properties.put("server.max-http-request-header-size", "16KB");
        // Bodies are read by the service itself, bounded at 64 KiB; what a refused body
        // still sends is thrown away up to 1 MiB, so the client sees the 413.
        properties.put("server.tomcat.max-swallow-size", "1MB");
        properties.put("spring.web.resources.add-mappings", false);
        properties.put("spring.mvc.problemdetails.enabled", false);
        // Per-request work nobody uses here: an application event per request, and the filter
        // that parses form bodies of PUT/PATCH/DELETE (the API takes JSON only).
        properties.put("spring.mvc.publish-request-handled-events", false);
        properties.put("spring.mvc.formcontent.filter.enabled", false);
        properties.put("management.endpoints.web.exposure.include", "health,prometheus");
        properties.put("management.endpoint.health.show-details", "always");
        properties.put("management.endpoint.health.probes.enabled", true);
        properties.put("eventsourcing4j.projections.startup-wait", "60s");
        // The web console, read-only: a person can watch accounts change (docs/console.md).
        properties.put("eventsourcing4j.console.enabled", true);
        properties.put("eventsourcing4j.repository.max-attempts", config.retryPolicy().maxAttempts());
        properties.put("eventsourcing4j.repository.initial-backoff", config.retryPolicy().initialBackoff().toMillis() + "ms");
        properties.put("eventsourcing4j.repository.max-backoff", config.retryPolicy().maxBackoff().toMillis() + "ms");
        // Commands start from the accounts' cached latest states (no events read); a stale state,
        // after another instance wrote, costs one more attempt (docs/aggregates.md).
        properties.put("eventsourcing4j.repository.cache-size", 10_000);
        // With the cache, commands seldom load, so snapshots come from saves too: a restart,
        // another instance and time travel start from one at most 100 events back.
        properties.put("eventsourcing4j.repository.snapshot-every", 100);
        // PostgreSQL: deposits to different accounts that arrive while another append commits are
        // written together, in one statement (docs/postgres.md#group-commit); each still gets its
        // own durable commit's answer. 1.2 times the deposits/s at 32 clients (docs/benchmarks-bank.md).
        properties.put("eventsourcing4j.postgres.group-commit", true);
        return properties;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** E.g. {@code http://127.0.0.1:8080}. */
    public URI baseUri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    public Bank bank() {
        return context.getBean(Bank.class);
    }

    public AccountReadModel readModel() {
        return context.getBean(AccountReadModel.class);
    }

    /** The partitioned account projection, when {@code bank.projection.segments} is above 0. */
    public java.util.Optional<org.eventsourcing4j.projection.PartitionedProjection> partitioned() {
        return context.getBeanProvider(PartitionedAccounts.class).stream().findFirst()
                .map(PartitionedAccounts::projection);
    }

    public ProjectionRunner projection() {
        return context.getBean(Projections.class).get(AccountProjection.NAME);
    }

    public BankStorage storage() {
        return context.getBean(BankStorage.class);
    }

    /** Graceful shutdown: drain HTTP, stop the projection after its current commit, close the store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("shutting down: finishing requests in flight");
        context.close();
        LOG.info("stopped");
    }
}

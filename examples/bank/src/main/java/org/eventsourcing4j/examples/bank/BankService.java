package org.eventsourcing4j.examples.bank;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.RepositoryOptions;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.AccountEvents;
import org.eventsourcing4j.examples.bank.http.BankHttpServer;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.eventsourcing4j.examples.bank.readmodel.AccountReadModel;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.projection.ProjectionMetrics;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotStatistics;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.metrics.MeteredEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bank: storage, the account projection, the use cases and the HTTP server,
 * started together and closed in the reverse order. {@link #close()} is the graceful
 * shutdown: requests in flight finish, the projection commits its checkpoint, the store
 * closes.
 */
public final class BankService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BankService.class);
    private static final Duration STARTUP_CATCH_UP = Duration.ofSeconds(60);

    private final BankConfig config;
    private final BankStorage storage;
    private final PrometheusMeterRegistry metrics;
    private final ProjectionRunner projection;
    private final AccountReadModel readModel;
    private final ThreadPoolExecutor snapshotWriter;
    private final Bank bank;
    private final BankHttpServer http;
    private boolean closed;
    /** The log's head when the service started: the read model must reach it before the service is ready. */
    private final LogPosition startHead;
    private volatile boolean caughtUp;

    private BankService(BankConfig config, BankStorage storage) throws InterruptedException {
        this.config = config;
        this.storage = storage;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);

        JacksonEventCodec codec = new JacksonEventCodec(AccountEvents.registry());
        JdbcEventStore store = storage.store();
        store.useTransaction(AccountProjection::createTable);
        // The wrapper wakes the runner on appends, also when the store itself cannot.
        EventStore metered = MeteredEventStore.of(store, metrics);
        this.projection = JdbcProjection.of(AccountProjection.NAME, new AccountProjection(codec))
                .withReset(AccountProjection::clear)
                .withOptions(ProjectionOptions.DEFAULTS.withFilter(AccountProjection.filter()))
                .runner(store, metered);
        ProjectionMetrics.bind(metrics, projection);
        projection.start();
        logOtherVersions(store);
        this.startHead = store.headPosition();
        if (!projection.awaitProcessed(startHead, STARTUP_CATCH_UP)) {
            LOG.warn("the account read model has not caught up after {}: {}; /health/ready answers 503 until it has",
                    STARTUP_CATCH_UP, projection.status());
        }

        this.snapshotWriter = snapshotWriter();
        try {
            SnapshotOptions<Account> snapshots = SnapshotOptions.of(store.snapshots(), Account.SNAPSHOT)
                    .withExecutor(snapshotWriter);
            AggregateRepository<Account, AccountEvent> accounts = new AggregateRepository<>(metered, codec,
                    Account.TYPE, RepositoryOptions.<Account>defaults().withRetry(config.retryPolicy())
                            .withSnapshots(snapshots));
            bindSnapshotMetrics(accounts);
            this.readModel = new AccountReadModel(storage.queries(), store.dialect());
            this.bank = new Bank(metered, accounts, readModel, projection, config.readYourWritesTimeout());
            Map<String, Runnable> probes = new LinkedHashMap<>();
            probes.put("store", store::headPosition);
            probes.put("readModel", readModel::ping);
            this.http = new BankHttpServer(new InetSocketAddress(config.host(), config.port()), config.httpThreads(),
                    bank, List.of(projection), probes, this::notReady, metrics);
        } catch (RuntimeException e) {
            projection.close();
            snapshotWriter.shutdownNow();
            throw e;
        }
    }

    /**
     * Why the service should not take traffic yet, or empty when it may: until the read
     * model has reached the log as it was when the service started (a new read-model
     * version replays the whole log first), and while the projection has failed or stopped.
     */
    public Optional<String> notReady() {
        ProjectionStatus status = projection.status();
        if (status.state() == ProjectionStatus.State.FAILED || status.state() == ProjectionStatus.State.STOPPED) {
            return Optional.of("projection " + status.name() + " is " + status.state().name().toLowerCase(Locale.ROOT)
                    + (status.lastError() == null ? "" : ": " + status.lastError()));
        }
        if (!caughtUp) {
            if (status.checkpoint().compareTo(startHead) < 0) {
                return Optional.of("projection " + status.name() + " is catching up: " + status.lagEvents()
                        + " events behind");
            }
            caughtUp = true;
        }
        return Optional.empty();
    }

    /**
     * Logs the tables of other read-model versions in this database: an older release's,
     * which its instances may still serve, or one left over after every instance moved on.
     */
    private static void logOtherVersions(JdbcTransactions transactions) {
        List<String> others = transactions.inTransaction(connection -> {
            DatabaseMetaData metaData = connection.getMetaData();
            String escape = metaData.getSearchStringEscape();
            String pattern = AccountProjection.BASE_NAME.replace("_", escape + "_") + "%";
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metaData.getTables(connection.getCatalog(), connection.getSchema(), pattern,
                    new String[] {"TABLE"})) {
                while (rows.next()) {
                    String table = rows.getString("TABLE_NAME");
                    if (!table.equals(AccountProjection.NAME)) {
                        tables.add(table);
                    }
                }
            }
            return tables;
        });
        if (!others.isEmpty()) {
            LOG.info("other account read-model versions in this database: {} (this release uses {});"
                    + " drop one with its checkpoint row once no instance serves it (docs/bank.md)",
                    others, AccountProjection.NAME);
        }
    }

    /**
     * Writes snapshots after the command that triggered them answered: one thread, at most
     * 1,000 waiting; more are dropped (snapshots are a cache: the next load takes one again).
     */
    private static ThreadPoolExecutor snapshotWriter() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), runnable -> {
            Thread thread = new Thread(runnable, "bank-snapshots");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** {@code bank.snapshots} counters by outcome: taken, failed, ignored (unreadable), used by a load. */
    private void bindSnapshotMetrics(AggregateRepository<Account, AccountEvent> accounts) {
        Map<String, ToDoubleFunction<SnapshotStatistics>> outcomes = Map.of(
                "taken", SnapshotStatistics::taken, "failed", SnapshotStatistics::failed,
                "ignored", SnapshotStatistics::ignored, "used", SnapshotStatistics::used);
        outcomes.forEach((outcome, count) -> FunctionCounter.builder("bank.snapshots", accounts,
                        repository -> count.applyAsDouble(repository.snapshotStatistics()))
                .description("account snapshots, by outcome").tag("outcome", outcome).register(metrics));
    }

    /** Opens the storage the config names and starts serving. */
    public static BankService start(BankConfig config) {
        BankStorage storage = config.postgresUrl() != null
                ? PostgresBankStorage.open(config.postgresUrl())
                : SqliteBankStorage.open(config.dataDirectory());
        return start(config, storage);
    }

    /** Starts serving on {@code storage}, which the service then owns and closes. */
    public static BankService start(BankConfig config, BankStorage storage) {
        LOG.info("storing events, snapshots and the account read model in {}", storage.description());
        try {
            BankService service = new BankService(config, storage);
            LOG.info("listening on {}", service.baseUri());
            return service;
        } catch (InterruptedException e) {
            storage.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** E.g. {@code http://127.0.0.1:8080}. */
    public URI baseUri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    public Bank bank() {
        return bank;
    }

    public AccountReadModel readModel() {
        return readModel;
    }

    public ProjectionRunner projection() {
        return projection;
    }

    public BankStorage storage() {
        return storage;
    }

    /** Graceful shutdown: drain HTTP, stop the projection after its current commit, close the store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("shutting down: finishing requests in flight");
        try {
            http.stop(config.shutdownTimeout());
        } finally {
            try {
                projection.close();
                LOG.info("account projection stopped at checkpoint {}", projection.status().checkpoint());
                snapshotWriter.shutdown();
                if (!awaitTermination(snapshotWriter)) {
                    LOG.warn("snapshots still being written after 5 s; they are dropped");
                }
            } finally {
                try {
                    storage.close();
                } finally {
                    metrics.close();
                }
            }
        }
        LOG.info("stopped");
    }

    private static boolean awaitTermination(ThreadPoolExecutor executor) {
        try {
            return executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

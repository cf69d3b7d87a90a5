package org.eventsourcing4j.examples.bank;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.console.AggregateView;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.AccountEvents;
import org.eventsourcing4j.examples.bank.http.AccountController;
import org.eventsourcing4j.examples.bank.http.TransferController;
import org.eventsourcing4j.examples.bank.http.ErrorPageController;
import org.eventsourcing4j.examples.bank.http.HttpMetricsFilter;
import org.eventsourcing4j.examples.bank.http.OperationsController;
import org.eventsourcing4j.examples.bank.http.ArchiveController;
import org.eventsourcing4j.examples.bank.http.ProblemAdvice;
import org.eventsourcing4j.examples.bank.http.ProblemReportValve;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.eventsourcing4j.examples.bank.readmodel.AccountReadModel;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.snapshot.SnapshotStatistics;
import org.eventsourcing4j.spring.boot.Projections;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.eventsourcing4j.spring.boot.ReplicaDataSource;
import org.eventsourcing4j.spring.boot.Repositories;
import org.eventsourcing4j.store.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The bank as a Spring Boot application: the starter opens the store on the application's
 * {@code DataSource} (PostgreSQL or the SQLite file), runs the account projection as a
 * lifecycle bean and meters both; this class declares what is the bank's own. No component
 * scanning: every bean is here or imported by name.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = {
        // The bank meters its requests itself (by route, also for 405s, with a histogram).
        "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration"})
@Import({BankPublishing.class, AccountController.class, TransferController.class, OperationsController.class,
        ArchiveController.class, ProblemAdvice.class, ErrorPageController.class})
public class BankApplication {
    private static final Logger LOG = LoggerFactory.getLogger(BankService.class);

    @Bean(destroyMethod = "close")
    DataSource dataSource(BankConfig config) {
        return BankDataSources.open(config);
    }

    /** With {@code --postgres-replica}: the replica the starter reads events from (none without: a null bean). */
    @Bean
    ReplicaDataSource replicaDataSource(BankConfig config) {
        return BankDataSources.openReplica(config);
    }

    @Bean
    EventTypeRegistry accountEventTypes() {
        return AccountEvents.registry();
    }

    /**
     * The codec: the owners' email and name encrypted (crypto-shredding, docs/compliance.md), or with
     * {@code --shredding off} the plain codec ({@link BankShredding}).
     */
    @Bean
    EventCodec accountEventCodec(EventTypeRegistry registry, JdbcEventStore store, DataSource dataSource,
                                 BankConfig config, Environment environment) {
        return BankShredding.codec(registry, store, dataSource, config,
                environment.getProperty(BankShredding.ENABLED_PROPERTY),
                environment.getProperty(BankShredding.KEK_FILE_PROPERTY));
    }

    /** The read model, exactly once: its rows and its checkpoint commit together, in the events' database. */
    @Bean
    @ConditionalOnProperty(name = PartitionedAccounts.SEGMENTS, havingValue = "0", matchIfMissing = true)
    JdbcProjection accountProjection(JdbcEventStore store, EventCodec codec, ProjectionOptions options) {
        store.useTransaction(connection -> AccountProjection.createTable(connection, store.dialect()));
        logOtherVersions(store);
        return JdbcProjection.of(AccountProjection.NAME, new AccountProjection(codec))
                .withReset(AccountProjection::clear)
                .withOptions(options.withFilter(AccountProjection.filter()));
    }

    /** With {@code bank.projection.segments} above 0: the read model in segments shared by the instances. */
    @Bean
    @ConditionalOnExpression("${" + PartitionedAccounts.SEGMENTS + ":0} > 0")
    PartitionedAccounts partitionedAccounts(JdbcEventStore store, EventCodec codec, ProjectionOptions options,
                                            org.springframework.core.env.Environment environment) {
        store.useTransaction(connection -> AccountProjection.createTable(connection, store.dialect()));
        logOtherVersions(store);
        return PartitionedAccounts.create(store, new AccountProjection(codec), options.withFilter(AccountProjection.filter()),
                environment);
    }

    @Bean
    Bank.ReadModelProgress accountProgress(ObjectProvider<PartitionedAccounts> partitioned,
                                           ObjectProvider<Projections> projections) {
        PartitionedAccounts accounts = partitioned.getIfAvailable();
        return accounts != null ? Bank.ReadModelProgress.of(accounts.projection())
                : Bank.ReadModelProgress.of(projections.getObject().get(AccountProjection.NAME));
    }

    @Bean
    AggregateRepository<Account, AccountEvent> accounts(Repositories repositories) {
        return repositories.create(Account.TYPE, Account.SNAPSHOT);
    }

    /** The web console's time travel shows an account's state at each of its versions. */
    @Bean
    AggregateView<Account, AccountEvent> accountConsoleView(EventCodec codec) {
        return AggregateView.of(Account.TYPE, codec, Account::snapshot);
    }

    @Bean
    AccountReadModel accountReadModel(DataSource dataSource, JdbcEventStore store,
                                      ObjectProvider<ReplicaDataSource> replica) {
        // With a replica, the read model's queries go there too; commands wait until it shows their rows.
        ReplicaDataSource reads = replica.getIfAvailable();
        return new AccountReadModel(reads == null ? dataSource : reads.dataSource(), store.dialect());
    }

    @Bean
    Bank bank(EventStore store, AggregateRepository<Account, AccountEvent> accounts, AccountReadModel readModel,
              Bank.ReadModelProgress progress, BankConfig config, EventCodec codec) {
        return new Bank(store, accounts, readModel, progress, config.readYourWritesTimeout(), codec);
    }

    @Bean
    BankStorage bankStorage(JdbcEventStore store, DataSource dataSource, BankConfig config) {
        BankStorage storage = new BankStorage(store, dataSource, BankDataSources.description(config, dataSource));
        LOG.info("storing events, snapshots and the account read model in {}", storage.description());
        return storage;
    }

    /** {@code bank.snapshots} counters by outcome: taken, failed, ignored (unreadable), used by a load. */
    @Bean
    MeterBinder bankSnapshotMeters(AggregateRepository<Account, AccountEvent> accounts) {
        Map<String, ToDoubleFunction<SnapshotStatistics>> outcomes = Map.of(
                "taken", SnapshotStatistics::taken, "failed", SnapshotStatistics::failed,
                "ignored", SnapshotStatistics::ignored, "used", SnapshotStatistics::used);
        return (MeterRegistry registry) -> outcomes.forEach((outcome, count) -> FunctionCounter.builder(
                        "bank.snapshots", accounts, repository -> count.applyAsDouble(repository.snapshotStatistics()))
                .description("account snapshots, by outcome").tag("outcome", outcome).register(registry));
    }

    /** Says where the projection stopped, once it has (lifecycle beans stop before beans are destroyed). */
    @Bean
    DisposableBean bankShutdownLog(Projections projections, ObjectProvider<PartitionedAccounts> partitioned) {
        return () -> {
            if (partitioned.getIfAvailable() == null) {
                LOG.info("account projection stopped at checkpoint {}",
                        projections.get(AccountProjection.NAME).status().checkpoint());
            }
        };
    }

    /**
     * Tomcat's own refusals (a path it cannot decode, say) as problems too: its error report
     * valve replaced by {@link ProblemReportValve}, after Boot has configured its own.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    StandardHost host = (StandardHost) context.getParent();
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(ProblemReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemReportValve());
                });
            }
        };
    }

    /**
     * A description for every meter that has none (Tomcat's session counters, say), so every
     * Prometheus metric has HELP text.
     */
    @Bean
    MeterFilter describeEveryMeter() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String description = id.getDescription();
                return description != null && !description.isBlank() ? id : new Meter.Id(id.getName(),
                        Tags.of(id.getTags()), id.getBaseUnit(), id.getName().replace('.', ' '), id.getType());
            }
        };
    }

    @Bean
    HttpMetricsFilter httpMetricsFilter(MeterRegistry registry) {
        return new HttpMetricsFilter(registry);
    }

    /** First of all filters: it times everything, and refuses requests once the service is stopping. */
    @Bean
    FilterRegistrationBean<HttpMetricsFilter> httpMetricsFilterRegistration(HttpMetricsFilter filter) {
        FilterRegistrationBean<HttpMetricsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
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
}

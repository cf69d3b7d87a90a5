package org.eventsourcing4j.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/** Application contexts with eventsourcing4j's auto-configuration and Boot's DataSource and transactions. */
final class Contexts {
    static final AutoConfigurations EVENTSOURCING = AutoConfigurations.of(EventStoreAutoConfiguration.class, InMemoryStoreAutoConfiguration.class,
            EventSerializationAutoConfiguration.class, EventSourcingMetricsAutoConfiguration.class,
            AggregateRepositoryAutoConfiguration.class, ProjectionAutoConfiguration.class,
            EventSourcingHealthAutoConfiguration.class);

    private Contexts() {
    }

    /** Without a DataSource. */
    static ApplicationContextRunner withoutDataSource() {
        return new ApplicationContextRunner().withConfiguration(EVENTSOURCING);
    }

    /** With Boot's DataSource (HikariCP) on {@code url}, its transaction manager and {@code TransactionTemplate}. */
    static ApplicationContextRunner onDataSource(String url) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
                .withConfiguration(EVENTSOURCING)
                .withPropertyValues("spring.datasource.url=" + url, "spring.datasource.hikari.maximum-pool-size=6");
    }

    /** A SQLite file URL with the pragmas the store wants on every connection. */
    static String sqliteUrl(java.nio.file.Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath() + "?journal_mode=WAL&busy_timeout=5000&synchronous=FULL";
    }
}

package org.eventsourcing4j.spring.boot.autoconfigure;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eventsourcing4j.console.AggregateView;
import org.eventsourcing4j.console.Console;
import org.eventsourcing4j.console.ConsoleOptions;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.spring.boot.ConsoleProperties;
import org.eventsourcing4j.spring.boot.ConsoleServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The web console in the application's own servlet container, at
 * {@code eventsourcing4j.console.path} (default {@code /console}), when
 * {@code eventsourcing4j.console.enabled=true} and {@code eventsourcing4j-cli} is on the class
 * path. Read-only unless {@code eventsourcing4j.console.admin-token} is set. The time-travel
 * view folds the aggregate types of the application's {@link AggregateView} beans; on
 * PostgreSQL the horizon page names the transaction that holds readers back.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class)
@ConditionalOnClass({Console.class, ServletRegistrationBean.class, jakarta.servlet.http.HttpServlet.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "eventsourcing4j.enabled", matchIfMissing = true)
@ConditionalOnBean(JdbcEventStore.class)
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAutoConfiguration.class);
    private static final boolean POSTGRES = ClassUtils.isPresent("org.eventsourcing4j.postgres.PostgresEventStore",
            ConsoleAutoConfiguration.class.getClassLoader());

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty("eventsourcing4j.console.enabled")
    @ConditionalOnMissingBean
    Console eventsourcing4jConsole(JdbcEventStore store, ObjectProvider<OpenedStore> opened,
                                   ObjectProvider<AggregateView<?, ?>> aggregates, ConsoleProperties properties) {
        OpenedStore where = opened.getIfAvailable();
        ConsoleOptions options = ConsoleOptions.readOnly()
                .withLagSample(properties.lagSample())
                .withDescription(where == null ? "event store" : where.description());
        if (!properties.adminToken().isEmpty()) {
            options = options.withAdminToken(properties.adminToken());
        }
        if (!properties.allowedHosts().isEmpty()) {
            Set<String> hosts = new HashSet<>();
            properties.allowedHosts().forEach(host -> hosts.add(host.toLowerCase(Locale.ROOT)));
            options = options.withAllowedHosts(hosts);
        }
        if (POSTGRES && where != null) {
            options = PostgresHorizon.addTo(options, where.store());
        }
        for (AggregateView<?, ?> view : aggregates.orderedStream().toList()) {
            options = options.withAggregate(view);
        }
        LOG.info("eventsourcing4j: web console at {}/ ({})", properties.path(),
                properties.adminToken().isEmpty() ? "read-only" : "admin actions with the token");
        return Console.create(store, options);
    }

    @Bean
    @ConditionalOnBean(Console.class)
    @ConditionalOnMissingBean(name = "eventsourcing4jConsoleServlet")
    ServletRegistrationBean<ConsoleServlet> eventsourcing4jConsoleServlet(Console console, ConsoleProperties properties) {
        ServletRegistrationBean<ConsoleServlet> registration =
                new ServletRegistrationBean<>(new ConsoleServlet(console), properties.path(), properties.path() + "/*");
        registration.setName("eventsourcing4jConsole");
        registration.setAsyncSupported(false);
        return registration;
    }

    /**
     * Ends the live-log streams as the application stops, before the web server's graceful
     * shutdown waits for requests in flight: an open page would otherwise hold it up for the
     * whole shutdown timeout.
     */
    @Bean
    @ConditionalOnBean(Console.class)
    SmartLifecycle eventsourcing4jConsoleStreams(Console console) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                console.close();
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    /** Apart, so that the class loads only with the PostgreSQL store on the class path. */
    private static final class PostgresHorizon {
        static ConsoleOptions addTo(ConsoleOptions options, JdbcEventStore store) {
            return store instanceof PostgresEventStore postgres ? options.withHorizon(postgres::horizonStatus) : options;
        }
    }
}

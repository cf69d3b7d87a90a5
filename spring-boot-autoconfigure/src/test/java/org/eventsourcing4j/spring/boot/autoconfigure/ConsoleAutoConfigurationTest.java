package org.eventsourcing4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.eventsourcing4j.console.Console;
import org.eventsourcing4j.spring.boot.ConsoleServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/** When the console is mounted, where, and which settings stop the start-up. */
class ConsoleAutoConfigurationTest {
    @TempDir
    Path directory;

    private WebApplicationContextRunner webApplication() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
                .withConfiguration(Contexts.EVENTSOURCING)
                .withConfiguration(AutoConfigurations.of(ConsoleAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + Contexts.sqliteUrl(directory.resolve("events.db")));
    }

    @Test
    void an_application_opts_in_the_console_is_not_mounted_by_default() {
        webApplication().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Console.class).doesNotHaveBean("eventsourcing4jConsoleServlet");
        });
    }

    @Test
    void enabled_it_is_mounted_at_its_path_and_below() {
        webApplication().withPropertyValues("eventsourcing4j.console.enabled=true", "eventsourcing4j.console.path=/ops/es4j")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Console.class);
                    ServletRegistrationBean<?> registration =
                            context.getBean("eventsourcing4jConsoleServlet", ServletRegistrationBean.class);
                    assertThat(registration.getServlet()).isInstanceOf(ConsoleServlet.class);
                    assertThat(registration.getUrlMappings()).containsExactlyInAnyOrder("/ops/es4j", "/ops/es4j/*");
                });
    }

    @Test
    void with_the_starter_turned_off_there_is_no_console_either() {
        webApplication().withPropertyValues("eventsourcing4j.enabled=false", "eventsourcing4j.console.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean(Console.class));
    }

    @Test
    void a_path_that_is_no_mount_point_stops_the_start_up_naming_the_property() {
        for (String path : new String[] {"console", "/console/", "/", "/con sole", "/console/*"}) {
            webApplication().withPropertyValues("eventsourcing4j.console.enabled=true", "eventsourcing4j.console.path=" + path)
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("eventsourcing4j.console.path"));
        }
    }

    @Test
    void a_short_admin_token_stops_the_start_up() {
        webApplication().withPropertyValues("eventsourcing4j.console.enabled=true", "eventsourcing4j.console.admin-token=short")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("eventsourcing4j.console.admin-token").hasMessageContaining("16"));
    }

    @Test
    void outside_a_web_application_there_is_no_console() {
        Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("plain.db")))
                .withConfiguration(AutoConfigurations.of(ConsoleAutoConfiguration.class))
                .withPropertyValues("eventsourcing4j.console.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Console.class));
    }
}

package org.eventsourcing4j.spring.boot.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** docs/spring-boot.md shows {@link OrdersApplication} as it is, and the application runs as the doc says. */
class SpringBootDocTest {
    private static final String BEGIN = "// --- docs/spring-boot.md snippet begins\n";
    private static final String END = "// --- docs/spring-boot.md snippet ends";

    @TempDir
    Path directory;

    @Test
    void the_doc_shows_the_application_this_test_runs() throws IOException {
        String source = Files.readString(Path.of("src/test/java/org/eventsourcing4j/spring/boot/docs/OrdersApplication.java"));
        String snippet = source.substring(source.indexOf(BEGIN) + BEGIN.length(), source.indexOf(END)).stripTrailing();
        String doc = Files.readString(Path.of("../docs/spring-boot.md"));
        assertThat(doc).contains("```java\n" + snippet + "\n```");
    }

    @Test
    void the_application_places_orders_in_transactions_and_reads_its_writes() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrdersApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.datasource.url=jdbc:sqlite:" + directory.resolve("orders.db")
                        + "?journal_mode=WAL&busy_timeout=5000", "spring.main.banner-mode=off")
                .run()) {
            OrdersApplication.OrderService orders = context.getBean(OrdersApplication.OrderService.class);
            AppendResult first = orders.place("o-1", "ann", 500);
            AppendResult second = orders.place("o-2", "ann", 250);
            assertThat(orders.totalOf("ann", second)).isEqualTo(750);
            assertThat(first.lastPosition()).isLessThan(second.lastPosition());
            // The same order again: refused, and the transaction's audit row is rolled back with it.
            assertThatThrownBy(() -> orders.place("o-1", "ann", 1)).isInstanceOf(ConcurrencyConflictException.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("select what from audit order by what", String.class))
                    .containsExactly("placed o-1", "placed o-2");
        }
    }
}

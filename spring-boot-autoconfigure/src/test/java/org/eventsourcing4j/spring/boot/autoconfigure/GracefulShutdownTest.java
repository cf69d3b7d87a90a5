package org.eventsourcing4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.spring.boot.Projections;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closing the application while a projection is in the middle of a page loses nothing and
 * applies nothing twice: the page in hand commits with its checkpoint (or not at all), and
 * the next start goes on from there. The read model's primary key would stop the projection
 * on an event applied twice.
 */
class GracefulShutdownTest {
    private static final int EVENTS = 300;

    @TempDir
    Path directory;

    @RepeatedTest(2)
    void a_shutdown_mid_page_loses_nothing_and_repeats_nothing() throws Exception {
        ApplicationContextRunner runner = Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("slow.db")))
                .withUserConfiguration(SlowProjection.class)
                .withPropertyValues("eventsourcing4j.projections.batch-size=50");
        long[] appliedAtStop = new long[1];
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            EventStore store = context.getBean(EventStore.class);
            // One batch, so the whole backlog is there before the slow projection is far into it.
            store.append(AppendBatch.of(StreamId.of("items"), ExpectedVersion.noStream(),
                    java.util.stream.IntStream.range(0, EVENTS).mapToObj(i -> EventData.of("ItemAdded", "{}"))
                            .toArray(EventData[]::new)));
            ProjectionRunner projection = context.getBean(Projections.class).get(SlowProjection.NAME);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (projection.status().processed() < 60 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(projection.status().processed()).isBetween(60L, EVENTS - 1L);
            context.close(); // the runner is in the middle of a page of 50
        });
        // What the stopped application left: every applied event is behind the checkpoint, none after it.
        try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("slow.db"))) {
            appliedAtStop[0] = store.checkpoints().load(SlowProjection.NAME).position();
            long applied = store.inTransaction(connection -> {
                try (var statement = connection.createStatement();
                     var row = statement.executeQuery("select count(*) from applied")) {
                    row.next();
                    return row.getLong(1);
                }
            });
            assertThat(applied).isEqualTo(appliedAtStop[0]);
        }
        assertThat(appliedAtStop[0]).isBetween(50L, EVENTS - 1L);

        runner.run(context -> {
            DataSource dataSource = context.getBean(DataSource.class);
            ProjectionRunner projection = context.getBean(Projections.class).get(SlowProjection.NAME);
            assertThat(projection.awaitProcessed(context.getBean(EventStore.class).headPosition(), Duration.ofSeconds(60)))
                    .isTrue();
            assertThat(projection.status().state()).isNotEqualTo(ProjectionStatus.State.FAILED);
            assertThat(Orders.count(dataSource, "select count(*) from applied")).isEqualTo(EVENTS);
            assertThat(Orders.count(dataSource, "select count(distinct event_id) from applied")).isEqualTo(EVENTS);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowProjection {
        static final String NAME = "slow";

        @Bean
        JdbcProjection slow(JdbcEventStore store) {
            store.useTransaction(connection -> connection.createStatement()
                    .execute("create table if not exists applied (event_id text primary key)"));
            return JdbcProjection.of(NAME, (event, connection) -> {
                try (PreparedStatement insert = connection.prepareStatement("insert into applied (event_id) values (?)")) {
                    insert.setString(1, event.eventId().toString());
                    insert.executeUpdate();
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}

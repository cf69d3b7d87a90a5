package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Bank instances that start at once on one PostgreSQL schema all create the read model's
 * table: that must succeed on every one of them (two plain {@code create table if not exists}
 * racing each other fail one of them on PostgreSQL's catalog index, which once stopped an
 * instance of {@link PostgresPartitionedBankTest} from starting).
 */
class PostgresReadModelSchemaTest {
    private static final int INSTANCES = 4;

    @RepeatedTest(5)
    void instances_starting_at_once_all_create_the_read_model_table() throws Exception {
        PostgresFixture fixture = new PostgresFixture();
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            String url = fixture.url();
            CyclicBarrier barrier = new CyclicBarrier(INSTANCES);
            List<Future<?>> starts = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                starts.add(pool.submit(() -> {
                    try (Connection connection = DriverManager.getConnection(url)) {
                        connection.setAutoCommit(false);
                        barrier.await(10, TimeUnit.SECONDS);
                        AccountProjection.createTable(connection, PostgresDialect.INSTANCE);
                        connection.commit();
                    }
                    return null;
                }));
            }
            for (Future<?> start : starts) {
                start.get(30, TimeUnit.SECONDS);
            }
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                 ResultSet tables = statement.executeQuery("select count(*) from information_schema.tables"
                         + " where table_schema = '" + fixture.schema() + "' and table_name = '" + AccountProjection.NAME + "'")) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getInt(1)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
            fixture.close();
        }
    }
}

package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eventsourcing4j.testkit.postgres.StopMode;
import org.eventsourcing4j.testkit.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A {@link TemporaryPostgres} seen through the JDBC driver: connections, restarts and a crash. */
class TemporaryPostgresJdbcTest {
    private static TemporaryPostgres postgres;

    @BeforeAll
    static void startServer() {
        postgres = TemporaryPostgres.create();
    }

    @AfterAll
    static void removeServer() {
        postgres.close();
    }

    @Test
    void its_jdbc_url_reaches_its_own_server_on_the_loopback_address() throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select host(inet_server_addr()), inet_server_port(), current_user,"
                     + " current_setting('data_directory'), current_setting('listen_addresses'), current_setting('fsync')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
            assertThat(rs.getInt(2)).isEqualTo(postgres.port()).isNotEqualTo(5432);
            assertThat(rs.getString(3)).isEqualTo("postgres");
            assertThat(rs.getString(4)).isEqualTo(postgres.dataDirectory().toString());
            assertThat(rs.getString(5)).isEqualTo("127.0.0.1");
            assertThat(rs.getString(6)).isEqualTo("on");
        }
    }

    @Test
    void a_restart_ends_the_connections_and_keeps_what_was_committed() throws SQLException {
        execute("create table if not exists restarted (n int)");
        for (StopMode mode : new StopMode[] {StopMode.FAST, StopMode.IMMEDIATE}) {
            try (Connection held = DriverManager.getConnection(postgres.jdbcUrl())) {
                execute("insert into restarted values (1)");
                long before = number("select count(*) from restarted");
                int port = postgres.port();

                postgres.restart(mode);

                assertThat(postgres.port()).isEqualTo(port);
                assertThatThrownBy(() -> held.createStatement().execute("select 1")).as("a connection from before " + mode)
                        .isInstanceOf(SQLException.class);
                assertThat(number("select count(*) from restarted")).isEqualTo(before);
            }
        }
    }

    @Test
    void after_a_kill_the_committed_transaction_is_there_and_the_open_one_is_not() throws SQLException {
        execute("create table if not exists crashed (label text)");
        execute("insert into crashed values ('committed')");
        try (Connection open = DriverManager.getConnection(postgres.jdbcUrl())) {
            open.setAutoCommit(false);
            open.createStatement().execute("insert into crashed values ('open')");

            postgres.kill();

            assertThat(postgres.isRunning()).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl()).close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(open::commit).isInstanceOf(SQLException.class);
        }
        postgres.start();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select string_agg(label, ',') from crashed")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("committed");
        }
    }

    @Test
    void a_stopped_server_refuses_connections_until_it_is_started_on_the_same_port() throws SQLException {
        int port = postgres.port();
        postgres.stop();

        assertThat(postgres.isRunning()).isFalse();
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("Connection to 127.0.0.1:" + port + " refused");
        postgres.start();
        assertThat(postgres.port()).isEqualTo(port);
        assertThat(number("select 7")).isEqualTo(7);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long number(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}

package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.eventsourcing4j.testkit.postgres.TemporaryPostgres;
import org.eventsourcing4j.testkit.postgres.TemporaryPostgresException;
import org.eventsourcing4j.testkit.postgres.TemporaryReplica;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A {@link TemporaryReplica} seen through the JDBC driver: replay, lag made and observed, outages. */
class TemporaryPostgresReplicaTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static TemporaryPostgres primary;
    private static TemporaryReplica replica;

    @BeforeAll
    static void startServers() throws SQLException {
        primary = TemporaryPostgres.create();
        replica = primary.createReplica();
        execute(primary.jdbcUrl(), "create table written (label text primary key)");
        replica.awaitCaughtUp(CATCH_UP);
    }

    @AfterAll
    static void removeServers() {
        primary.close();
    }

    @Test
    void the_replica_serves_the_primarys_commits_and_refuses_writes_of_its_own() throws SQLException {
        execute(primary.jdbcUrl(), "insert into written values ('streamed')");
        replica.awaitCaughtUp(CATCH_UP);

        assertThat(text(replica.jdbcUrl(), "select label from written where label = 'streamed'")).isEqualTo("streamed");
        assertThat(text(replica.jdbcUrl(), "select pg_is_in_recovery()")).isEqualTo("t");
        assertThatThrownBy(() -> execute(replica.jdbcUrl(), "insert into written values ('here')"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006")); // read-only
    }

    @Test
    void paused_replay_holds_a_commit_back_on_the_replica_until_resumed() throws SQLException {
        replica.pauseReplay();
        assertThat(replica.isReplayPaused()).isTrue();
        try {
            execute(primary.jdbcUrl(), "insert into written values ('held back')");
            String commit = primary.currentLsn();
            // The replica has the commit (received) but has not applied it: lag, not a slow network.
            awaitReceived(commit);

            assertThat(text(replica.jdbcUrl(), "select count(*) from written where label = 'held back'")).isEqualTo("0");
            assertThat(replica.replayLagBytes()).isPositive();
            assertThatThrownBy(() -> replica.awaitReplayed(commit, Duration.ofMillis(300)))
                    .isInstanceOf(TemporaryPostgresException.class).hasMessageContaining("(replay is paused)");
        } finally {
            replica.resumeReplay();
        }
        assertThat(replica.isReplayPaused()).isFalse();
        replica.awaitCaughtUp(CATCH_UP);
        assertThat(text(replica.jdbcUrl(), "select count(*) from written where label = 'held back'")).isEqualTo("1");
    }

    @Test
    void a_replica_that_was_stopped_or_killed_catches_up_when_started_again() throws SQLException {
        replica.stop();
        assertThatThrownBy(() -> text(replica.jdbcUrl(), "select 1")).isInstanceOf(SQLException.class);
        execute(primary.jdbcUrl(), "insert into written values ('while stopped')");
        replica.start();
        replica.awaitCaughtUp(CATCH_UP);
        assertThat(text(replica.jdbcUrl(), "select count(*) from written where label = 'while stopped'")).isEqualTo("1");

        replica.kill();
        execute(primary.jdbcUrl(), "insert into written values ('while crashed')");
        replica.start();
        replica.awaitCaughtUp(CATCH_UP);
        assertThat(text(replica.jdbcUrl(), "select count(*) from written where label = 'while crashed'")).isEqualTo("1");
    }

    private static void awaitReceived(String lsn) throws SQLException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (!text(replica.jdbcUrl(), "select pg_last_wal_receive_lsn() >= '" + lsn + "'::pg_lsn").equals("t")) {
            assertThat(System.nanoTime()).as("the replica received " + lsn + " in time").isLessThan(deadline);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String text(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}

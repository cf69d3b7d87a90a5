package org.eventsourcing4j.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle of temporary clusters, seen through psql and the processes (this module has
 * no PostgreSQL driver; the JDBC-side tests are in the postgres module).
 */
class TemporaryPostgresTest {
    private Path parent;
    private TemporaryPostgresOptions options;

    @BeforeEach
    void createParent() throws IOException {
        parent = TestDirectories.newParent();
        options = TemporaryPostgresOptions.defaults().withParentDirectory(parent);
    }

    @AfterEach
    void deleteParent() throws IOException {
        TestDirectories.delete(parent);
    }

    @Test
    void a_new_cluster_answers_queries_and_close_stops_its_server_and_deletes_its_directory() throws Exception {
        TemporaryPostgres postgres = TemporaryPostgres.create(options);
        Path data = postgres.dataDirectory();
        assertThat(data).startsWith(parent).isDirectory();
        assertThat(postgres.isRunning()).isTrue();
        assertThat(postgres.port()).isNotEqualTo(5432);
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres?user=postgres");
        assertThat(postgres.query("select current_setting('data_directory'), inet_server_port(), current_user"))
                .isEqualTo(data + "|" + postgres.port() + "|postgres");
        ProcessHandle postmaster = postmaster(data);

        postgres.close();

        assertThat(gone(postmaster)).as("the postmaster ended").isTrue();
        assertThat(TestDirectories.entries(parent)).as("nothing left in " + parent).isEmpty();
        postgres.close(); // idempotent
        assertThatThrownBy(() -> postgres.query("select 1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(postgres::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void committed_rows_survive_restarts_in_each_stop_mode_and_a_kill() throws InterruptedException {
        try (TemporaryPostgres postgres = TemporaryPostgres.create(options)) {
            postgres.query("create table kept (n int)");
            int n = 0;
            for (StopMode mode : StopMode.values()) {
                postgres.query("insert into kept values (" + ++n + ")");
                long pid = postmaster(postgres.dataDirectory()).pid();
                postgres.restart(mode);
                assertThat(postmaster(postgres.dataDirectory()).pid()).as("a new postmaster after " + mode).isNotEqualTo(pid);
                assertThat(postgres.query("select count(*) from kept")).isEqualTo(Integer.toString(n));
            }
            postgres.query("insert into kept values (" + ++n + ")");
            ProcessHandle killed = postmaster(postgres.dataDirectory());

            postgres.kill();

            assertThat(gone(killed)).as("the postmaster was killed").isTrue();
            assertThat(postgres.isRunning()).isFalse();
            assertThatThrownBy(postgres::kill).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
            postgres.stop(); // nothing to stop
            postgres.start();
            assertThat(postgres.query("select count(*) from kept")).isEqualTo(Integer.toString(n));
            assertThat(log(postgres)).contains("not properly shut down").contains("automatic recovery");
            assertThatThrownBy(postgres::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
        }
    }

    @Test
    void a_replica_replays_the_primary_and_closing_the_primary_closes_it() throws IOException {
        TemporaryPostgres primary = TemporaryPostgres.create(options);
        TemporaryReplica replica = primary.createReplica();
        assertThat(replica.port()).isNotEqualTo(primary.port());
        assertThat(replica.query("select pg_is_in_recovery()")).isEqualTo("t");
        primary.query("create table shipped as select 42 as answer");
        replica.awaitCaughtUp(Duration.ofSeconds(30));
        assertThat(replica.query("select answer from shipped")).isEqualTo("42");
        assertThatThrownBy(() -> replica.query("insert into shipped values (1)"))
                .isInstanceOf(TemporaryPostgresException.class).hasMessageContaining("read-only transaction");
        Path replicaData = replica.dataDirectory();

        primary.close();

        assertThat(replica.isRunning()).isFalse();
        assertThat(replicaData).doesNotExist();
        assertThat(TestDirectories.entries(parent)).isEmpty();
    }

    @Test
    void a_closed_replica_drops_its_replication_slot_on_the_primary() {
        try (TemporaryPostgres primary = TemporaryPostgres.create(options)) {
            TemporaryReplica replica = primary.createReplica();
            assertThat(primary.query("select count(*) from pg_replication_slots where active")).isEqualTo("1");

            replica.close();

            assertThat(primary.query("select count(*) from pg_replication_slots")).isEqualTo("0");
            assertThat(replica.dataDirectory()).doesNotExist();
        }
    }

    @Test
    void a_cluster_left_by_an_ended_jvm_is_removed_with_its_server_by_the_next_cluster() throws Exception {
        TemporaryPostgres abandoned = TemporaryPostgres.create(options);
        ProcessHandle postmaster = postmaster(abandoned.dataDirectory());
        Path directory = abandoned.dataDirectory().getParent();
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.writeString(directory.resolve("owner"), ended.pid() + " 1\n");

        try (TemporaryPostgres next = TemporaryPostgres.create(options)) {
            assertThat(directory).doesNotExist();
            assertThat(gone(postmaster)).as("the abandoned server was killed").isTrue();
            assertThat(TestDirectories.entries(parent)).containsExactly(next.dataDirectory().getParent());
        }
        abandoned.close(); // nothing left to do, and no error
    }

    private static ProcessHandle postmaster(Path data) {
        return Postmaster.of(data).orElseThrow(() -> new AssertionError("no postmaster runs for " + data));
    }

    /** Whether {@code process} ends within 10 s; a zombie (dead, not yet reaped by its parent) has ended. */
    private static boolean gone(ProcessHandle process) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            if (!process.isAlive() || isZombie(process)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static boolean isZombie(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return !Files.isDirectory(Path.of("/proc")) && !process.isAlive();
        }
    }

    private static String log(TemporaryCluster cluster) {
        try {
            return Files.readString(cluster.logFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

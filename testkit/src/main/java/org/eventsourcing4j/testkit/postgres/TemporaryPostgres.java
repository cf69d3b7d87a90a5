package org.eventsourcing4j.testkit.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL primary of the tests' own, for the tests that restart, stop or crash a server
 * or need a streaming replica: the shared server of {@code EVENTSOURCING4J_PG_URL} must never
 * be touched so. Made from the installed server binaries ({@code initdb} into a temporary
 * directory), on a free port of 127.0.0.1, started when {@link #create()} returns.
 *
 * <pre>{@code
 * try (TemporaryPostgres postgres = TemporaryPostgres.create()) {
 *     DataSource dataSource = pool(postgres.jdbcUrl());
 *     ...
 *     postgres.kill();   // a crash
 *     postgres.start();  // crash recovery; committed data is there
 *     TemporaryReplica replica = postgres.createReplica();
 * }
 * }</pre>
 *
 * <p>Creating one takes a second or two (most of it {@code initdb}); share one per test class
 * where the tests allow. It runs with {@code wal_level = replica}, 10 WAL senders and trust
 * authentication for 127.0.0.1, replication included; fsync stays on.
 */
public final class TemporaryPostgres extends TemporaryCluster {
    private final List<TemporaryReplica> replicas = new CopyOnWriteArrayList<>();
    private final AtomicInteger replicasCreated = new AtomicInteger();

    private TemporaryPostgres(TemporaryPostgresOptions options, PostgresBinaries binaries, CommandRunner runner,
                              Path directory) {
        super(options, binaries, runner, directory);
    }

    /** A new primary with {@link TemporaryPostgresOptions#defaults()}, running. */
    public static TemporaryPostgres create() {
        return create(TemporaryPostgresOptions.defaults());
    }

    /**
     * A new primary, running.
     *
     * @throws TemporaryPostgresException when a binary is missing or {@code initdb} or the start
     *                                    failed; the message carries their output
     */
    public static TemporaryPostgres create(TemporaryPostgresOptions options) {
        PostgresBinaries binaries = PostgresBinaries.find(options);
        String initdb = binaries.tool("initdb");
        binaries.tool("pg_ctl");
        Path directory = ClusterDirectories.create(options.parentDirectory());
        try {
            CommandRunner runner = CommandRunner.forThisProcess(options, directory);
            runner.handOver(directory);
            Path data = directory.resolve(ClusterDirectories.DATA);
            CommandRunner.Result initialized = runner.runAsServer(directory, List.of(initdb, "-D", data.toString(),
                    "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
            if (!initialized.succeeded()) {
                throw new TemporaryPostgresException("initdb failed: " + initialized.describe());
            }
            // Existing files keep their owner (the server's OS user) when rewritten.
            Files.writeString(data.resolve("pg_hba.conf"), "# Written by eventsourcing4j's TemporaryPostgres\n"
                    + "host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n", StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(data.resolve("postgresql.conf"), "\ninclude '" + SETTINGS_FILE + "'\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            TemporaryPostgres primary = new TemporaryPostgres(options, binaries, runner, directory);
            primary.startOnFreePort();
            return primary;
        } catch (IOException e) {
            throw removedAfter(directory, new TemporaryPostgresException("cannot configure the cluster in " + directory, e));
        } catch (RuntimeException e) {
            throw removedAfter(directory, e);
        }
    }

    /**
     * A new streaming replica of this primary, running as a hot standby on its own port:
     * {@code pg_basebackup -R} into another temporary directory, with a replication slot so the
     * primary keeps the WAL a stopped or lagging replica still needs. Closed with this primary
     * at the latest.
     *
     * @throws IllegalStateException when this primary is not running
     */
    public TemporaryReplica createReplica() {
        ensureOpen();
        if (!isRunning()) {
            throw new IllegalStateException(this + " is not running: start it before creating a replica");
        }
        TemporaryReplica replica = TemporaryReplica.create(this, "es4j_replica_" + replicasCreated.incrementAndGet());
        replicas.add(replica);
        return replica;
    }

    /** The primary's current WAL write position ({@code pg_current_wal_lsn()}), e.g. {@code 0/3000148}. */
    public String currentLsn() {
        return query("select pg_current_wal_lsn()");
    }

    /** Closes the replicas first, then this primary. Idempotent. */
    @Override
    public void close() {
        for (TemporaryReplica replica : replicas) {
            replica.close();
        }
        super.close();
    }

    /** After a replica closed: its slot would keep WAL forever. */
    void replicaClosed(TemporaryReplica replica) {
        replicas.remove(replica);
        if (!isClosed() && isRunning()) {
            dropSlot(replica.slot());
        }
    }

    private void dropSlot(String slot) {
        // The slot stays active until the WAL sender notices its replica is gone.
        long deadline = System.nanoTime() + options.timeout().toNanos();
        String sql = "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '" + slot
                + "' and not active";
        while (!query("select count(*) from pg_replication_slots where slot_name = '" + slot + "'").equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new TemporaryPostgresException(this + " kept the replication slot " + slot + " active after its"
                        + " replica stopped");
            }
            query(sql);
            pause();
        }
    }

    @Override
    public String toString() {
        return "temporary PostgreSQL primary on " + HOST + ":" + port() + " in " + directory;
    }
}

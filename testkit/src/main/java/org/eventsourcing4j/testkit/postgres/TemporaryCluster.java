package org.eventsourcing4j.testkit.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A PostgreSQL server of the tests' own: one data directory in a temporary directory, a
 * server on a free port of 127.0.0.1 (no Unix socket), superuser {@value #USER} without a
 * password. Either a {@link TemporaryPostgres primary} or a {@link TemporaryReplica replica}
 * of one; both have this lifecycle. Thread-safe: the lifecycle methods run one at a time.
 *
 * <p>{@link #close()} stops the server and deletes the directory. A cluster left open is
 * killed and deleted by a shutdown hook; one left by a JVM that died without running its
 * hooks is removed by the next cluster created under the same parent directory.
 */
public abstract sealed class TemporaryCluster implements AutoCloseable permits TemporaryPostgres, TemporaryReplica {
    /** The superuser the clients connect as. */
    public static final String USER = "postgres";
    /** The address the server listens on, and the only one it accepts. */
    public static final String HOST = "127.0.0.1";
    /** The file of this class's settings in the data directory, included by {@code postgresql.conf}. */
    static final String SETTINGS_FILE = "eventsourcing4j.conf";
    private static final int PORT_ATTEMPTS = 5;

    final TemporaryPostgresOptions options;
    final PostgresBinaries binaries;
    final CommandRunner runner;
    final Path directory;
    private final Path dataDirectory;
    private final Path logFile;
    private volatile int port;
    private volatile boolean closed;

    TemporaryCluster(TemporaryPostgresOptions options, PostgresBinaries binaries, CommandRunner runner, Path directory) {
        this.options = options;
        this.binaries = binaries;
        this.runner = runner;
        this.directory = directory;
        this.dataDirectory = directory.resolve(ClusterDirectories.DATA);
        this.logFile = directory.resolve("server.log");
    }

    /** The port on 127.0.0.1; it stays the same across restarts. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres?user=postgres}. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The JDBC URL of {@code database} on this server (create it first: {@code create database ...}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database + "?user=" + USER;
    }

    /** The data directory ({@code PGDATA}). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The server's log, kept across restarts; the errors of this class quote its end. */
    public Path logFile() {
        return logFile;
    }

    /** Whether the server runs (its postmaster is alive), as far as its {@code postmaster.pid} tells. */
    public boolean isRunning() {
        return Postmaster.of(dataDirectory).isPresent();
    }

    /** Starts the stopped (or killed) server on its port and waits until it accepts connections. */
    public synchronized void start() {
        ensureOpen();
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        String failure = tryStart();
        if (failure != null) {
            throw new TemporaryPostgresException(this + " did not start: " + failure);
        }
    }

    /** Stops the server with {@link StopMode#FAST}; nothing happens when it is not running. */
    public void stop() {
        stop(StopMode.FAST);
    }

    /** Stops the server and waits until it is down; nothing happens when it is not running. */
    public synchronized void stop(StopMode mode) {
        ensureOpen();
        if (!isRunning()) {
            return;
        }
        CommandRunner.Result stopped = pgCtlStop(mode);
        if (!stopped.succeeded()) {
            throw new TemporaryPostgresException(this + " did not stop: " + stopped.describe() + serverLogTail());
        }
    }

    /** {@link #stop(StopMode) Stops} with {@link StopMode#FAST} and {@link #start() starts} again. */
    public void restart() {
        restart(StopMode.FAST);
    }

    /** {@link #stop(StopMode) Stops} in {@code mode} and {@link #start() starts} again. */
    public synchronized void restart(StopMode mode) {
        stop(mode);
        start();
    }

    /**
     * Crashes the server: SIGKILL to the postmaster and every backend, nothing flushed or shut
     * down. Returns when they are gone; {@link #start()} then runs crash recovery. What was
     * committed survives (commits are fsynced); open transactions are lost.
     *
     * @throws IllegalStateException when the server is not running
     */
    public synchronized void kill() {
        ensureOpen();
        if (!Postmaster.kill(dataDirectory, options.timeout())) {
            throw new IllegalStateException(this + " is not running");
        }
    }

    /**
     * Runs one SQL statement on the database {@code postgres} with {@code psql} (no JDBC driver
     * needed) and returns what it printed: the rows unaligned, one per line, columns separated by
     * {@code |}, without headers; nothing for statements without rows.
     *
     * @throws TemporaryPostgresException when psql fails (the SQL's error is in the message)
     */
    public String query(String sql) {
        ensureOpen();
        CommandRunner.Result result = runner.run(directory, List.of(binaries.tool("psql"), "-X", "-w", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", HOST, "-p", Integer.toString(port), "-U", USER, "-d", "postgres",
                "-c", sql));
        if (!result.succeeded()) {
            throw new TemporaryPostgresException("psql on " + this + " failed: " + result.describe());
        }
        return result.stdout().strip();
    }

    /** Stops the server (killing it if it does not stop) and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (isRunning()) {
                pgCtlStop(StopMode.FAST);
            }
        } finally {
            ClusterDirectories.remove(directory); // kills what did not stop
        }
    }

    /** The first start: on a free port, and on another one while the chosen one is taken meanwhile. */
    final void startOnFreePort() {
        String failure = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            port = freeLoopbackPort();
            writeSettings();
            failure = tryStart();
            if (failure == null) {
                return;
            }
            if (!failure.contains("could not bind") && !failure.contains("already in use")) {
                break;
            }
        }
        throw new TemporaryPostgresException(this + " did not start: " + failure);
    }

    /** Writes {@code eventsourcing4j.conf}, included by {@code postgresql.conf}: the defaults, the port, the options. */
    final void writeSettings() {
        StringBuilder conf = new StringBuilder("# Written by eventsourcing4j's TemporaryPostgres; later lines win.\n")
                .append("listen_addresses = '").append(HOST).append("'\n")
                .append("port = ").append(port).append('\n')
                .append("unix_socket_directories = ''\n")
                .append("max_connections = ").append(options.maxConnections()).append('\n')
                .append("shared_buffers = '32MB'\n")
                .append("wal_level = 'replica'\n")
                .append("max_wal_senders = 10\n")
                .append("max_replication_slots = 10\n")
                .append("hot_standby = on\n");
        options.settings().forEach((name, value) ->
                conf.append(name).append(" = '").append(value.replace("'", "''")).append("'\n"));
        Path file = dataDirectory.resolve(SETTINGS_FILE);
        try {
            Files.writeString(file, conf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot write " + file, e);
        }
        runner.handOver(file);
    }

    private CommandRunner.Result pgCtlStop(StopMode mode) {
        return runner.runAsServer(directory, List.of(binaries.tool("pg_ctl"), "stop", "-D", dataDirectory.toString(),
                "-m", mode.pgCtlName(), "-w", "-t", pgCtlSeconds()));
    }

    /** Runs {@code pg_ctl start}; returns null when the server runs, else why not. */
    private String tryStart() {
        long logStart = size(logFile);
        CommandRunner.Result started = runner.runAsServer(directory, List.of(binaries.tool("pg_ctl"), "start", "-D",
                dataDirectory.toString(), "-l", logFile.toString(), "-w", "-t",
                pgCtlSeconds()));
        if (started.succeeded()) {
            return null;
        }
        return started.describe() + "\nserver log:\n" + readFrom(logFile, logStart);
    }

    /** The last lines of the server log, for an error message. */
    final String serverLogTail() {
        String log = readFrom(logFile, Math.max(0, size(logFile) - 4000));
        return log.isBlank() ? "" : "\nend of the server log " + logFile + ":\n" + log;
    }

    /** The time limit given to {@code pg_ctl}: the options' timeout in whole seconds, at least 1. */
    private String pgCtlSeconds() {
        return Long.toString(Math.max(1, options.timeout().toSeconds()));
    }

    final boolean isClosed() {
        return closed;
    }

    /** {@code failure}, after removing the directory of a cluster that could not be made. */
    static RuntimeException removedAfter(Path directory, RuntimeException failure) {
        try {
            ClusterDirectories.remove(directory);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** A short pause between polls. */
    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporaryPostgresException("interrupted while waiting", e);
        }
    }

    final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot find a free port on " + HOST, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String readFrom(Path file, long offset) {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(Math.min(offset, in.length()));
            byte[] rest = new byte[(int) Math.min(in.length() - in.getFilePointer(), 64_000)];
            in.readFully(rest);
            return new String(rest, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}

package org.eventsourcing4j.examples.bank;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.eventsourcing4j.store.RetryPolicy;

/**
 * How to run the bank service.
 *
 * @param host                  the address to listen on ({@code 127.0.0.1} by default; {@code 0.0.0.0} for every interface)
 * @param port                  0 picks a free port
 * @param dataDirectory         where the SQLite file lives, unless {@code postgresUrl} is set
 * @param postgresUrl           a PostgreSQL JDBC URL, or null for SQLite
 * @param postgresReplicaUrl    with {@code postgresUrl}: a JDBC URL of a streaming replica of that database for
 *                              reads (events of one account and the read model's queries), or null to read
 *                              the primary; see docs/replicas.md
 * @param httpThreads           request threads
 * @param retryPolicy           conflicts with other instances on one account are retried this often
 * @param readYourWritesTimeout how long a command waits for the read model to apply its events
 * @param shutdownTimeout       how long requests in flight may take to finish on shutdown
 */
public record BankConfig(String host, int port, Path dataDirectory, String postgresUrl, String postgresReplicaUrl,
                         int httpThreads, RetryPolicy retryPolicy, Duration readYourWritesTimeout,
                         Duration shutdownTimeout) {

    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("bank-data");

    public BankConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDirectory, "data directory");
        Objects.requireNonNull(retryPolicy, "retry policy");
        Objects.requireNonNull(readYourWritesTimeout, "read-your-writes timeout");
        Objects.requireNonNull(shutdownTimeout, "shutdown timeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        if (httpThreads < 1) {
            throw new IllegalArgumentException("HTTP threads must be at least 1, got " + httpThreads);
        }
    }

    /** Port 8080 on 127.0.0.1, SQLite in {@code ./bank-data}. */
    public static BankConfig defaults() {
        return new BankConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_DATA_DIRECTORY, null, null, 32,
                new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(100)),
                Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public BankConfig withHost(String value) {
        return new BankConfig(value, port, dataDirectory, postgresUrl, postgresReplicaUrl, httpThreads, retryPolicy,
                readYourWritesTimeout, shutdownTimeout);
    }

    public BankConfig withPort(int value) {
        return new BankConfig(host, value, dataDirectory, postgresUrl, postgresReplicaUrl, httpThreads, retryPolicy,
                readYourWritesTimeout, shutdownTimeout);
    }

    public BankConfig withDataDirectory(Path value) {
        return new BankConfig(host, port, value, postgresUrl, postgresReplicaUrl, httpThreads, retryPolicy,
                readYourWritesTimeout, shutdownTimeout);
    }

    public BankConfig withPostgresUrl(String value) {
        return new BankConfig(host, port, dataDirectory, value, postgresReplicaUrl, httpThreads, retryPolicy,
                readYourWritesTimeout, shutdownTimeout);
    }

    public BankConfig withHttpThreads(int value) {
        return new BankConfig(host, port, dataDirectory, postgresUrl, postgresReplicaUrl, value, retryPolicy,
                readYourWritesTimeout, shutdownTimeout);
    }

    public BankConfig withPostgresReplicaUrl(String value) {
        return new BankConfig(host, port, dataDirectory, postgresUrl, value, httpThreads, retryPolicy,
                readYourWritesTimeout, shutdownTimeout);
    }

    public BankConfig withReadYourWritesTimeout(Duration value) {
        return new BankConfig(host, port, dataDirectory, postgresUrl, postgresReplicaUrl, httpThreads, retryPolicy,
                value, shutdownTimeout);
    }
}

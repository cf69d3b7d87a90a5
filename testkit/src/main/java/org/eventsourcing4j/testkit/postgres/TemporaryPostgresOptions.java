package org.eventsourcing4j.testkit.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * How a {@link TemporaryPostgres} is made. Immutable; validated on construction.
 *
 * @param binDirectory    the directory holding {@code initdb}, {@code pg_ctl}, {@code psql} and
 *                        {@code pg_basebackup}; {@code null} to find it (see {@link #defaults()})
 * @param parentDirectory where the temporary cluster directories are created; when the tests
 *                        run as root it must be reachable by {@code osUser}
 * @param osUser          the operating-system user that runs the server when the tests run as
 *                        root (PostgreSQL refuses to run as root); unused otherwise
 * @param maxConnections  the server's {@code max_connections}
 * @param settings        further {@code postgresql.conf} settings, written after the defaults
 *                        so they override them (e.g. {@code max_prepared_transactions = 10})
 * @param timeout         how long any one command ({@code initdb}, a start, a stop, a query) may
 *                        take before it is ended and reported as failed
 */
public record TemporaryPostgresOptions(Path binDirectory, Path parentDirectory, String osUser, int maxConnections,
                                       Map<String, String> settings, Duration timeout) {

    /** Names the directory of the PostgreSQL server binaries, overriding the search. */
    public static final String BIN_VARIABLE = "EVENTSOURCING4J_PG_BIN";
    /** Names the operating-system user that runs the server when the tests run as root. */
    public static final String OS_USER_VARIABLE = "EVENTSOURCING4J_PG_OS_USER";

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    public TemporaryPostgresOptions {
        if (parentDirectory == null) {
            throw new InvalidArgumentException("parent directory", "must not be null");
        }
        if (osUser == null || osUser.isBlank()) {
            throw new InvalidArgumentException("OS user", "must not be blank");
        }
        if (maxConnections < 10 || maxConnections > 10_000) {
            throw new InvalidArgumentException("max connections", "must be between 10 and 10000, got " + maxConnections);
        }
        if (settings == null) {
            throw new InvalidArgumentException("settings", "must not be null");
        }
        settings.forEach((name, value) -> {
            if (name == null || !SETTING_NAME.matcher(name).matches()) {
                throw new InvalidArgumentException("setting name", "must be a postgresql.conf parameter name, got " + name);
            }
            if (value == null || value.contains("\n") || value.contains("\r")) {
                throw new InvalidArgumentException("setting " + name, "must be one line, got " + value);
            }
        });
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidArgumentException("timeout", "must be positive, got " + timeout);
        }
    }

    /**
     * Binaries from {@value #BIN_VARIABLE} or else found ({@code pg_config --bindir}, then the
     * newest {@code /usr/lib/postgresql/<version>/bin}, then {@code initdb} on the {@code PATH}),
     * clusters under {@code java.io.tmpdir}, OS user {@value #OS_USER_VARIABLE} or else
     * {@code postgres}, 100 connections, no further settings, 60 s per command.
     */
    public static TemporaryPostgresOptions defaults() {
        String bin = System.getenv(BIN_VARIABLE);
        String osUser = System.getenv(OS_USER_VARIABLE);
        return new TemporaryPostgresOptions(bin == null || bin.isBlank() ? null : Path.of(bin),
                Path.of(System.getProperty("java.io.tmpdir")), osUser == null || osUser.isBlank() ? "postgres" : osUser,
                100, Map.of(), Duration.ofSeconds(60));
    }

    public TemporaryPostgresOptions withBinDirectory(Path newBinDirectory) {
        return new TemporaryPostgresOptions(newBinDirectory, parentDirectory, osUser, maxConnections, settings, timeout);
    }

    public TemporaryPostgresOptions withParentDirectory(Path newParentDirectory) {
        return new TemporaryPostgresOptions(binDirectory, newParentDirectory, osUser, maxConnections, settings, timeout);
    }

    public TemporaryPostgresOptions withOsUser(String newOsUser) {
        return new TemporaryPostgresOptions(binDirectory, parentDirectory, newOsUser, maxConnections, settings, timeout);
    }

    public TemporaryPostgresOptions withMaxConnections(int newMaxConnections) {
        return new TemporaryPostgresOptions(binDirectory, parentDirectory, osUser, newMaxConnections, settings, timeout);
    }

    /** These options and one more {@code postgresql.conf} setting (replacing one of that name). */
    public TemporaryPostgresOptions withSetting(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.put(name, value);
        return new TemporaryPostgresOptions(binDirectory, parentDirectory, osUser, maxConnections, more, timeout);
    }

    public TemporaryPostgresOptions withTimeout(Duration newTimeout) {
        return new TemporaryPostgresOptions(binDirectory, parentDirectory, osUser, maxConnections, settings, newTimeout);
    }
}

package org.eventsourcing4j.cli.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.InvalidArgumentException;
import picocli.CommandLine.Option;

/** Where the store is: the options every command that opens it shares (a picocli mixin). */
public final class StoreOptions {
    /** The environment variables that give the options' defaults, for scripts. */
    static final java.util.Map<String, String> ENVIRONMENT = java.util.Map.of("--postgres", "ES4J_POSTGRES_URL",
            "--schema", "ES4J_SCHEMA", "--table-prefix", "ES4J_TABLE_PREFIX", "--sqlite", "ES4J_SQLITE");
    /** The defaults when the environment has none. */
    static final java.util.Map<String, String> FALLBACKS = java.util.Map.of("--schema", "public",
            "--table-prefix", "es_");

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

    @Option(names = "--postgres", paramLabel = "JDBC_URL", description = "a PostgreSQL store, e.g. jdbc:postgresql://localhost:5432/app?user=ops "
                    + "(env ES4J_POSTGRES_URL)")
    String postgres;

    @Option(names = "--schema", paramLabel = "SCHEMA",
            description = "the PostgreSQL schema of the store's tables (env ES4J_SCHEMA, default public)")
    String schema;

    @Option(names = "--table-prefix", paramLabel = "PREFIX",
            description = "the prefix of the PostgreSQL store's table names (env ES4J_TABLE_PREFIX, default es_)")
    String tablePrefix;

    @Option(names = "--sqlite", paramLabel = "FILE",
            description = "a SQLite store's database file (env ES4J_SQLITE)")
    Path sqlite;

    /** Opens the store, which must exist. */
    public Target open() {
        return open(false, Clock.systemUTC());
    }

    /**
     * Opens the store; {@code create} creates it when missing (for an import), and its
     * appends record their times from {@code clock}.
     */
    public Target open(boolean create, Clock clock) {
        boolean hasPostgres = postgres != null && !postgres.isBlank();
        boolean hasSqlite = sqlite != null && !sqlite.toString().isBlank();
        if (hasPostgres == hasSqlite) {
            throw new CliException(ExitCodes.USAGE, hasPostgres
                    ? "give either --postgres or --sqlite, not both"
                    : "no store given: use --postgres JDBC_URL or --sqlite FILE (or ES4J_POSTGRES_URL / ES4J_SQLITE)");
        }
        return hasPostgres ? openPostgres(create, clock) : openSqlite(create, clock);
    }

    private Target openSqlite(boolean create, Clock clock) {
        Path file = sqlite.toAbsolutePath();
        if (!create && !Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.UNAVAILABLE, "no SQLite database file at " + file);
        }
        SqliteOptions options = SqliteOptions.defaults().withClock(clock);
        try {
            SqliteEventStore store = SqliteEventStore.open(file, options);
            return new Target(store, "SQLite " + file, Optional.empty(), SqliteEventStore.dataSource(file, options),
                    () -> { });
        } catch (EventSourcingException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot open the SQLite store " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private Target openPostgres(boolean create, Clock clock) {
        String url = postgres.strip();
        String shown = PASSWORD.matcher(url).replaceAll("$1***");
        if (!url.startsWith("jdbc:postgresql:") || org.postgresql.Driver.parseURL(url, new Properties()) == null) {
            throw new CliException(ExitCodes.USAGE, "--postgres: '" + shown
                    + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host[:port]/database?user=...)");
        }
        PostgresSchema names;
        try {
            names = PostgresSchema.of(schema, tablePrefix);
        } catch (InvalidArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
        HikariDataSource pool = pool(url, shown);
        String where = "PostgreSQL " + shown + " schema " + names.schema() + " prefix '" + names.tablePrefix() + "'";
        try {
            PostgresEventStore store = PostgresEventStore.create(pool, PostgresOptions.DEFAULTS.withSchema(names)
                    .withClock(clock).withCreateSchema(create));
            return new Target(store, where, Optional.of(store::horizonStatus), pool, pool);
        } catch (EventSourcingException e) {
            pool.close();
            String message = e.getMessage().contains("is at version 0")
                    ? "no event store in schema " + names.schema() + " with prefix '" + names.tablePrefix() + "'"
                    : e.getMessage();
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot open the store at " + where + ": " + message, e);
        }
    }

    private static HikariDataSource pool(String url, String shown) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(1);
        config.setPoolName("es4j");
        config.addDataSourceProperty("ApplicationName", "es4j");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot connect to PostgreSQL at " + shown + ": "
                    + Errors.rootMessage(e), e);
        }
    }

}

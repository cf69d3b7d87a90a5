package org.eventsourcing4j.examples.bank;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;

/**
 * The default storage: events, snapshots and the read model in one SQLite file,
 * {@code DIR/bank.db}. The read model's writes are the store's own transactions, queued
 * with appends on its one writer connection; its queries run on a small pool of reader
 * connections, which in WAL mode never wait for the writer.
 */
final class SqliteBankStorage implements BankStorage {
    static final String FILE_NAME = "bank.db";

    private final Path file;
    private final SqliteEventStore store;
    private final HikariDataSource queries;

    private SqliteBankStorage(Path file, SqliteOptions options) {
        this.file = file;
        this.store = SqliteEventStore.open(file, options);
        // Opening a SQLite connection costs milliseconds (pragmas, WAL setup): keep a few open.
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(SqliteEventStore.dataSource(file, options));
        pool.setMaximumPoolSize(4);
        pool.setPoolName("bank-sqlite-queries");
        try {
            this.queries = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    static SqliteBankStorage open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory.toAbsolutePath(), e);
        }
        return new SqliteBankStorage(directory.resolve(FILE_NAME).toAbsolutePath(), SqliteOptions.defaults());
    }

    @Override
    public JdbcEventStore store() {
        return store;
    }

    @Override
    public DataSource queries() {
        return queries;
    }

    @Override
    public String description() {
        return "SQLite file " + file;
    }

    @Override
    public void close() {
        try {
            queries.close();
        } finally {
            store.close();
        }
    }
}

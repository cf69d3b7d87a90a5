package org.eventsourcing4j.examples.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.DataSourceTransactions;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * INTERIM until the SQLite event store lands: events in memory, the read model in
 * {@code DIR/bank.db}, which is emptied at every start because the events are not kept.
 */
final class SqliteBankStorage implements BankStorage {
    static final String FILE_NAME = "bank.db";

    private final Path file;
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final HikariDataSource dataSource;
    private final JdbcTransactions transactions;

    private SqliteBankStorage(Path file) {
        this.file = file;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);
        // Opening a SQLite connection costs milliseconds (pragmas, WAL setup): keep a few open.
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqlite);
        pool.setMaximumPoolSize(4);
        pool.setPoolName("bank-sqlite");
        this.dataSource = new HikariDataSource(pool);
        this.transactions = new DataSourceTransactions(dataSource);
    }

    static SqliteBankStorage open(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(FILE_NAME).toAbsolutePath();
            Files.deleteIfExists(file);
            return new SqliteBankStorage(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data directory " + directory.toAbsolutePath(), e);
        }
    }

    @Override
    public EventStore store() {
        return store;
    }

    @Override
    public JdbcTransactions transactions() {
        return transactions;
    }

    @Override
    public DataSource queries() {
        return dataSource;
    }

    @Override
    public String description() {
        return "SQLite file " + file;
    }

    @Override
    public void close() {
        store.close();
        dataSource.close();
    }
}

package org.eventsourcing4j.jdbc;

import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Transactions on a real SQLite file, as the JDBC tests use it (WAL, waiting up to 10 s for a lock). */
final class SqliteFile {
    private SqliteFile() {
    }

    static JdbcTransactions transactions(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return new Jdbc(dataSource, SqlDialect.standard());
    }
}

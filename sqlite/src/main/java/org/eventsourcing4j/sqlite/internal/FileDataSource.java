package org.eventsourcing4j.sqlite.internal;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.eventsourcing4j.sqlite.SqliteOptions;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A data source for one database file with the store's pragmas on every connection. It
 * opens a new connection per {@code getConnection()}: give it to a pool for reuse.
 */
public final class FileDataSource {
    private FileDataSource() {
    }

    public static DataSource create(Path file, SqliteOptions options) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(options.synchronous() == SqliteOptions.Synchronous.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(options.busyTimeoutMillis());
        config.enforceForeignKeys(true);
        // Deleted and overwritten content is zeroed, not left in free pages: erased personal data
        // (crypto-shredding's destroyed keys, a read model's erased rows) leaves no copy in the file.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        // The store never asks for generated keys (it allocates positions itself); the driver's
        // support for them would run an extra SELECT last_insert_rowid() after every insert.
        config.setGetGeneratedKeys(false);
        // The store begins its own transactions in auto-commit mode. Callers that share this
        // data source for a read model use setAutoCommit(false); IMMEDIATE then takes the write
        // lock at BEGIN, waiting up to busy_timeout, instead of failing with SQLITE_BUSY when a
        // read inside the transaction must later become a write after another commit.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        // A file: URI percent-encodes the path, so '?', '#' or '%' in a file name cannot be
        // mistaken for URL parameters.
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath().toUri());
        return dataSource;
    }
}

package org.eventsourcing4j.spring.boot.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.eventsourcing4j.spring.boot.SqliteStoreProperties;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;

/** Opens the SQLite store on the application's database file; only called when the sqlite module is on the class path. */
final class SqliteStores {
    private SqliteStores() {
    }

    /**
     * The store on the data source's database file: with connections of its own when so
     * configured and the database is a file (a writer that keeps its statements prepared is
     * several times faster than a pooled connection per append), else on the data source.
     */
    static OpenedStore open(DataSource dataSource, SqliteStoreProperties properties, Clock clock) {
        SqliteOptions options = SqliteOptions.defaults().withClock(clock).withBusyTimeout(properties.busyTimeout());
        Optional<Path> file = file(dataSource);
        if (properties.ownConnections() && file.isPresent()) {
            return new OpenedStore(SqliteEventStore.open(file.get(), options), "SQLite file " + file.get(),
                    Optional.empty());
        }
        return new OpenedStore(SqliteEventStore.open(dataSource, options),
                "SQLite " + file.map(Path::toString).orElse("in-memory database") + " (the DataSource's connections)",
                Optional.empty());
    }

    /** The main database file of the data source's connections, as SQLite names it; empty in memory. */
    private static Optional<Path> file(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select file from pragma_database_list where name = 'main'")) {
            String file = row.next() ? row.getString(1) : null;
            return file == null || file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file));
        } catch (SQLException e) {
            throw new org.eventsourcing4j.store.StorageException("cannot ask the DataSource's SQLite database for its file: "
                    + e.getMessage(), e);
        }
    }
}

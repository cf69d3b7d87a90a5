package org.eventsourcing4j.spring.boot.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.eventsourcing4j.spring.boot.SqliteStoreProperties;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;

/** Opens the SQLite store on the application's data source; only called when the sqlite module is on the class path. */
final class SqliteStores {
    private SqliteStores() {
    }

    static OpenedStore open(DataSource dataSource, SqliteStoreProperties properties, Clock clock) {
        SqliteOptions options = SqliteOptions.defaults().withClock(clock).withBusyTimeout(properties.busyTimeout());
        SqliteEventStore store = SqliteEventStore.open(dataSource, options);
        return new OpenedStore(store, "SQLite file " + file(dataSource), Optional.empty());
    }

    /** The main database file of the data source's connections, as SQLite names it. */
    private static String file(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select file from pragma_database_list where name = 'main'")) {
            String file = row.next() ? row.getString(1) : null;
            return file == null || file.isEmpty() ? "(in memory)" : file;
        } catch (SQLException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }
}

package org.eventsourcing4j.testkit;

import java.nio.file.Path;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.JdbcSnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The snapshot store contract on the JDBC store, over a real SQLite file (a new file per test). */
class JdbcSnapshotStoreContractTest extends SnapshotStoreContract {
    @TempDir
    Path dir;

    @Override
    protected SnapshotStore newStore(int retainedPerStream) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("snapshots.db"));
        return new JdbcSnapshotStore(new Jdbc(dataSource, SqlDialect.standard()), "snapshots", retainedPerStream);
    }
}

package org.eventsourcing4j.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.eventsourcing4j.shredding.DataKeyStore;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.CryptoShreddingContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypto-shredding on a real SQLite file: the data keys in the store's {@code es_data_keys}
 * table; "everything stored" is the whole file after a {@code wal_checkpoint(TRUNCATE)}, plus
 * what is left of the WAL.
 */
class SqliteCryptoShreddingContractTest extends CryptoShreddingContract {
    @TempDir
    Path directory;
    private SqliteEventStore store;

    private SqliteEventStore open() {
        if (store == null) {
            store = SqliteEventStore.open(directory.resolve("events.db"));
        }
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected EventStore store() {
        return open();
    }

    @Override
    protected DataKeyStore dataKeyStore() {
        return open().dataKeys();
    }

    @Override
    protected SnapshotStore snapshots() {
        return open().snapshots();
    }

    @Override
    protected byte[] everythingStored() {
        // On a connection of its own: a checkpoint cannot run inside a transaction.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + directory.resolve("events.db").toAbsolutePath());
             PreparedStatement checkpoint = c.prepareStatement("pragma wal_checkpoint(TRUNCATE)");
             ResultSet result = checkpoint.executeQuery()) {
            result.next();
            if (result.getInt(1) != 0) {
                throw new AssertionError("the WAL checkpoint was blocked");
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError("cannot checkpoint the WAL", e);
        }
        try {
            byte[] file = Files.readAllBytes(directory.resolve("events.db"));
            Path wal = directory.resolve("events.db-wal");
            byte[] rest = Files.exists(wal) ? Files.readAllBytes(wal) : new byte[0];
            byte[] all = java.util.Arrays.copyOf(file, file.length + rest.length);
            System.arraycopy(rest, 0, all, file.length, rest.length);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

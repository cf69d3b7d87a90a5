package org.eventsourcing4j.examples.bank.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** The erasure on SQLite: the scan reads the whole file after a WAL checkpoint, and what is left of the WAL. */
class SqlitePersonalDataTest extends PersonalDataContract {
    @TempDir
    Path directory;

    @Override
    protected BankFixture fixture() {
        return new SqliteFixture(directory);
    }

    @Override
    protected byte[] everythingStored() {
        Path file = directory.resolve("bank.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("pragma wal_checkpoint(TRUNCATE)")) {
            result.next();
            if (result.getInt(1) != 0) {
                throw new AssertionError("the WAL checkpoint was blocked");
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot checkpoint " + file, e);
        }
        try {
            byte[] database = Files.readAllBytes(file);
            Path wal = directory.resolve("bank.db-wal");
            byte[] rest = Files.exists(wal) ? Files.readAllBytes(wal) : new byte[0];
            byte[] all = java.util.Arrays.copyOf(database, database.length + rest.length);
            System.arraycopy(rest, 0, all, database.length, rest.length);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

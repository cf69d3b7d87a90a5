package org.eventsourcing4j.examples.bank.service;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTransferTest extends TransferContract {
    @TempDir
    Path directory;

    @Override
    protected BankFixture fixture() {
        return new SqliteFixture(directory);
    }
}

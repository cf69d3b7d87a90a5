package org.eventsourcing4j.examples.bank.service;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteConsoleTest extends ConsoleContract {
    @TempDir
    Path directory;

    @Override
    protected BankFixture fixture() {
        return new SqliteFixture(directory);
    }

    @Override
    protected boolean hasHorizon() {
        return false;
    }
}

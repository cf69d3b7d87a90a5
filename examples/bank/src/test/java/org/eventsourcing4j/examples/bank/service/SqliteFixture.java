package org.eventsourcing4j.examples.bank.service;

import java.nio.file.Path;
import org.eventsourcing4j.examples.bank.BankConfig;
import org.eventsourcing4j.examples.bank.BankService;

/** The default storage: one SQLite file in a directory of its own. */
final class SqliteFixture implements BankFixture {
    private final Path directory;

    SqliteFixture(Path directory) {
        this.directory = directory;
    }

    @Override
    public BankService start(BankConfig config) {
        return BankService.start(config.withDataDirectory(directory));
    }
}

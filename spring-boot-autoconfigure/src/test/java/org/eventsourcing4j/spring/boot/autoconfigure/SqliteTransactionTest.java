package org.eventsourcing4j.spring.boot.autoconfigure;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SqliteTransactionTest extends TransactionContract {
    @TempDir
    Path directory;

    @Override
    protected ApplicationContextRunner context() {
        return Contexts.onDataSource(Contexts.sqliteUrl(directory.resolve("orders.db"))).withUserConfiguration(Orders.class);
    }
}

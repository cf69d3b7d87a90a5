package org.eventsourcing4j.spring.boot.autoconfigure;

import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PostgresTransactionTest extends TransactionContract {
    private TestPostgres postgres;

    @Override
    protected ApplicationContextRunner context() {
        postgres = new TestPostgres();
        return Contexts.onDataSource(postgres.url()).withUserConfiguration(Orders.class);
    }

    @AfterEach
    void dropSchema() {
        if (postgres != null) {
            postgres.close();
        }
    }
}

package org.eventsourcing4j.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresReadCommandsTest extends ReadCommandsTest {
    private static PgSchema schema;
    private static int tests;

    @BeforeAll
    static void createSchema() {
        schema = PgSchema.create("read");
    }

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Override
    CliStore open() {
        return CliStore.postgres(schema, "t" + (++tests) + "_");
    }
}

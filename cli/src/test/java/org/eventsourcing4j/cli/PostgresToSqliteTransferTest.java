package org.eventsourcing4j.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** From PostgreSQL into a SQLite file. */
class PostgresToSqliteTransferTest extends TransferCommandsTest {
    private static PgSchema schema;
    private static int tests;

    @BeforeAll
    static void createSchema() {
        schema = PgSchema.create("from_pg");
    }

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Override
    CliStore source() {
        return CliStore.postgres(schema, "t" + (++tests) + "_");
    }

    @Override
    CliStore target() {
        return CliStore.sqlite(directory.resolve("target.db"));
    }
}

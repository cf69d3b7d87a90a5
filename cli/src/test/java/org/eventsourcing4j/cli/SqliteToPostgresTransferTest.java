package org.eventsourcing4j.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** From a SQLite file into a fresh PostgreSQL schema (created by the import). */
class SqliteToPostgresTransferTest extends TransferCommandsTest {
    private static PgSchema schema;
    private static int tests;

    @BeforeAll
    static void createSchema() {
        schema = PgSchema.create("to_pg");
    }

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Override
    CliStore source() {
        return CliStore.sqlite(directory.resolve("source.db"));
    }

    @Override
    CliStore target() {
        return CliStore.postgres(schema, "t" + (++tests) + "_");
    }
}

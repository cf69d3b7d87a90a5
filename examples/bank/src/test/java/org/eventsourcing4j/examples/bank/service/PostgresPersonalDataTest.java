package org.eventsourcing4j.examples.bank.service;

import org.eventsourcing4j.testkit.postgres.PgDump;

/** The erasure on PostgreSQL: the scan reads a {@code pg_dump} of the fixture's schema. */
class PostgresPersonalDataTest extends PersonalDataContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }

    @Override
    protected byte[] everythingStored() {
        return PgDump.schema(PostgresFixture.URL, fixture.schema());
    }
}

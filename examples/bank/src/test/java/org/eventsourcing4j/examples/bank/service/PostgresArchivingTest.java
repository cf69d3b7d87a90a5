package org.eventsourcing4j.examples.bank.service;

class PostgresArchivingTest extends ArchivingContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }
}

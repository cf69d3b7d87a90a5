package org.eventsourcing4j.examples.bank.service;

class PostgresErrorStatusTest extends ErrorStatusContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }
}

package org.eventsourcing4j.examples.bank.service;

class PostgresConcurrencyTest extends ConcurrencyContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }
}

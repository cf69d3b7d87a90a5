package org.eventsourcing4j.examples.bank.service;

class PostgresRestartTest extends RestartContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }
}

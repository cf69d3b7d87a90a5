package org.eventsourcing4j.examples.bank.service;

class PostgresTransferTest extends TransferContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }
}

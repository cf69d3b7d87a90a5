package org.eventsourcing4j.examples.bank.service;

class PostgresIdempotencyTest extends IdempotencyContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }
}

package org.eventsourcing4j.examples.bank.service;

class PostgresConsoleTest extends ConsoleContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }

    @Override
    protected boolean hasHorizon() {
        return true;
    }
}

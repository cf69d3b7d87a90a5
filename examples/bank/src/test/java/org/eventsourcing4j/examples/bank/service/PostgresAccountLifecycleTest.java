package org.eventsourcing4j.examples.bank.service;

class PostgresAccountLifecycleTest extends AccountLifecycleContract {
    private final PostgresFixture fixture = new PostgresFixture();

    @Override
    protected BankFixture fixture() {
        return fixture;
    }

    @Override
    protected boolean storeReportsReadDelays() {
        return true;
    }
}

package org.eventsourcing4j.examples.bank.service;

import org.eventsourcing4j.examples.bank.BankConfig;
import org.eventsourcing4j.examples.bank.BankService;

/**
 * Starts the bank service in this JVM on a free port, on one store location per test class
 * instance: starting it again after {@link BankService#close()} finds the same data.
 */
interface BankFixture extends AutoCloseable {

    /** Starts a service on this fixture's data. */
    BankService start(BankConfig config);

    /** Removes what the fixture created, after the service closed. */
    @Override
    default void close() {
    }

    /** A config for tests: a free port, loopback. */
    static BankConfig testConfig() {
        return BankConfig.defaults().withPort(0).withHttpThreads(16);
    }
}

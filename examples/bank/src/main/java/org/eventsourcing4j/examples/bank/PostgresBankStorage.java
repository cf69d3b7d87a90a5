package org.eventsourcing4j.examples.bank;

/** INTERIM: PostgreSQL storage arrives with the postgres module. */
final class PostgresBankStorage {
    private PostgresBankStorage() {
    }

    static BankStorage open(String jdbcUrl) {
        throw new UnsupportedOperationException("PostgreSQL is not available yet in this build");
    }
}

package org.eventsourcing4j.examples.bank.domain;

/** Where an account is in its life. */
public enum AccountStatus {
    /** No {@link AccountCreated} yet. */
    NOT_OPENED,
    ACTIVE,
    CLOSED
}

package org.eventsourcing4j.examples.bank.domain;

/** The account's current state forbids the command: not active, already open, other currency, balance not zero. */
public final class AccountStateException extends AccountException {
    private static final long serialVersionUID = 1L;

    AccountStateException(AccountRule rule, String message) {
        super(rule, message);
    }
}

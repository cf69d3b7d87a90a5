package org.eventsourcing4j.examples.bank.domain;

/** The command's input is invalid whatever the account's state: a bad email, name, currency code, amount or reason. */
public final class InvalidAccountRequestException extends AccountException {
    private static final long serialVersionUID = 1L;

    InvalidAccountRequestException(AccountRule rule, String message) {
        super(rule, message);
    }
}

package org.eventsourcing4j.examples.bank.domain;

/**
 * A command broke an account rule; no event was raised. Three kinds, so a caller can map
 * them (e.g. to HTTP 400 / 409 / 422) without string matching, and a {@link #rule()} code.
 */
public abstract sealed class AccountException extends RuntimeException
        permits InvalidAccountRequestException, AccountStateException, InsufficientFundsException {
    private static final long serialVersionUID = 1L;

    private final AccountRule rule;

    AccountException(AccountRule rule, String message) {
        super(message);
        this.rule = rule;
    }

    public AccountRule rule() {
        return rule;
    }
}

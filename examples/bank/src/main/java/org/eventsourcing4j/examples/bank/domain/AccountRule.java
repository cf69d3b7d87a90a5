package org.eventsourcing4j.examples.bank.domain;

/** The rule an {@link AccountException} reports: a stable code for clients and logs. */
public enum AccountRule {
    ALREADY_OPEN,
    NOT_ACTIVE,
    INVALID_EMAIL,
    INVALID_NAME,
    INVALID_CURRENCY,
    CURRENCY_MISMATCH,
    AMOUNT_NOT_POSITIVE,
    TOO_MANY_DECIMALS,
    AMOUNT_TOO_LARGE,
    INSUFFICIENT_FUNDS,
    BALANCE_NOT_ZERO,
    INVALID_REASON,
    /** A transfer from an account to itself. */
    SAME_ACCOUNT,
    /** A transfer between accounts that hold different currencies. */
    CURRENCIES_DIFFER
}

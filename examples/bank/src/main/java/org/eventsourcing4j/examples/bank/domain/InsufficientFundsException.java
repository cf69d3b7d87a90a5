package org.eventsourcing4j.examples.bank.domain;

import java.math.BigDecimal;
import java.util.Currency;

/** A withdrawal asked for more than the balance. */
public final class InsufficientFundsException extends AccountException {
    private static final long serialVersionUID = 1L;

    private final BigDecimal balance;
    private final BigDecimal requested;
    private final Currency currency;

    InsufficientFundsException(String accountId, BigDecimal balance, BigDecimal requested, Currency currency) {
        super(AccountRule.INSUFFICIENT_FUNDS, "insufficient funds in account '" + accountId + "': balance "
                + balance.toPlainString() + " " + currency + ", requested " + requested.toPlainString() + " " + currency);
        this.balance = balance;
        this.requested = requested;
        this.currency = currency;
    }

    public BigDecimal balance() {
        return balance;
    }

    public BigDecimal requested() {
        return requested;
    }

    public Currency currency() {
        return currency;
    }
}

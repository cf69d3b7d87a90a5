package org.eventsourcing4j.examples.bank.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * Money went out to another account of the bank, as one half of transfer {@code transferId};
 * the other half, {@link TransferReceived}, is stored in the same atomic append. {@code amount}
 * is positive, at the currency's minor-unit scale.
 */
public record TransferSent(String transferId, String toAccountId, BigDecimal amount, Currency currency)
        implements AccountEvent {
    public TransferSent {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(toAccountId, "toAccountId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }
}

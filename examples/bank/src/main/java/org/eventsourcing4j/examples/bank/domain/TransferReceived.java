package org.eventsourcing4j.examples.bank.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * Money came in from another account of the bank, as one half of transfer
 * {@code transferId} (see {@link TransferSent}).
 */
public record TransferReceived(String transferId, String fromAccountId, BigDecimal amount, Currency currency)
        implements AccountEvent {
    public TransferReceived {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(fromAccountId, "fromAccountId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }
}

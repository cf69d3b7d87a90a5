package org.eventsourcing4j.examples.bank.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** Money came in. {@code amount} is positive, at the currency's minor-unit scale. */
public record MoneyDeposited(BigDecimal amount, Currency currency) implements AccountEvent {
    public MoneyDeposited {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }
}

package org.eventsourcing4j.examples.bank.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** Money went out. {@code amount} is positive, at the currency's minor-unit scale. */
public record MoneyWithdrawn(BigDecimal amount, Currency currency) implements AccountEvent {
    public MoneyWithdrawn {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }
}

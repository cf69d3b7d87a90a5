package org.eventsourcing4j.examples.bank.domain;

import java.util.Currency;
import java.util.Objects;

/** An account was opened; its currency is fixed from here on. */
public record AccountCreated(String email, String name, Currency currency) implements AccountEvent {
    public AccountCreated {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
    }
}

package org.eventsourcing4j.examples.bank.domain;

import java.util.Objects;

/** The account was closed at a zero balance, for {@code reason}. */
public record AccountClosed(String reason) implements AccountEvent {
    public AccountClosed {
        Objects.requireNonNull(reason, "reason");
    }
}

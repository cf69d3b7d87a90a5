package org.eventsourcing4j.examples.bank.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * The state of an opened account, as stored in a snapshot ({@link Account#SNAPSHOT},
 * type {@code AccountSnapshot}, revision 1). Change a component, and raise the revision:
 * snapshots of the old revision are then ignored and rebuilt from the events.
 *
 * @param closeReason null while the account is active
 */
public record AccountSnapshot(AccountStatus status, String email, String name, Currency currency,
        BigDecimal balance, String closeReason) {

    public AccountSnapshot {
        Objects.requireNonNull(status, "status");
        if (status == AccountStatus.NOT_OPENED) {
            throw new IllegalArgumentException("an account that was never opened has no snapshot");
        }
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(balance, "balance");
        if ((status == AccountStatus.CLOSED) != (closeReason != null)) {
            throw new IllegalArgumentException("a close reason goes with a closed account, and only with one");
        }
    }
}

package org.eventsourcing4j.examples.bank.readmodel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountStatus;

/**
 * What a client sees of an account: a row of the read model, or an account rebuilt from its
 * events (after a command, or at a past version).
 *
 * @param balance   at the currency's minor-unit scale ({@code 70.00} for USD)
 * @param version   the version of the account's last event this view includes
 * @param updatedAt when that event was recorded
 */
public record AccountView(String id, String email, String name, BigDecimal balance, Currency currency,
                          AccountStatus status, long version, Instant updatedAt) {

    public AccountView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
        balance = Objects.requireNonNull(balance, "balance").setScale(currency.getDefaultFractionDigits());
    }

    /** The view of an opened account whose last event (at {@code account.version()}) was recorded at {@code updatedAt}. */
    public static AccountView of(Account account, Instant updatedAt) {
        if (account.status() == AccountStatus.NOT_OPENED) {
            throw new IllegalArgumentException("account '" + account.id() + "' was never opened");
        }
        return new AccountView(account.id(), account.email(), account.name(), account.balance(), account.currency(),
                account.status(), account.version(), updatedAt);
    }
}

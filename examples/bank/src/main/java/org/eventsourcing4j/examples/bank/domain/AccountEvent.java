package org.eventsourcing4j.examples.bank.domain;

/** Everything that can happen to an account. Plain data; the envelope (id, version, time) is the store's. */
public sealed interface AccountEvent permits AccountCreated, MoneyDeposited, MoneyWithdrawn, AccountClosed,
        TransferSent, TransferReceived {
}

package org.eventsourcing4j.console;

/** Registers the test wallet with {@code es4j console}, as an application's jar would. */
public final class WalletExtension implements ConsoleExtension {
    @Override
    public ConsoleOptions configure(ConsoleOptions options) {
        return options.withAggregate(Wallet.VIEW);
    }
}

package org.eventsourcing4j.console;

import java.math.BigDecimal;
import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.AggregateType;
import org.eventsourcing4j.aggregate.EventHandlers;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;

/** A small account-like aggregate for the console's time travel: its balance moves with every event. */
final class Wallet extends AggregateRoot<Wallet.Event> {
    sealed interface Event permits Opened, Deposited, Withdrawn {
    }

    record Opened(String owner) implements Event {
    }

    record Deposited(BigDecimal amount) implements Event {
    }

    record Withdrawn(BigDecimal amount) implements Event {
    }

    /** What the console shows of a wallet. */
    record State(String owner, BigDecimal balance, long version) {
    }

    static final AggregateType<Wallet, Event> TYPE = AggregateType.of("wallet", Event.class, Wallet::new);
    static final EventCodec CODEC = new JacksonEventCodec(EventTypeRegistry.builder()
            .register(Opened.class, "WalletOpened").register(Deposited.class, "MoneyDeposited")
            .register(Withdrawn.class, "MoneyWithdrawn").build());
    static final AggregateView<Wallet, Event> VIEW = AggregateView.of(TYPE, CODEC, Wallet::state);

    private static final EventHandlers<Wallet, Event> HANDLERS = EventHandlers.builder(Wallet.class, Event.class)
            .on(Opened.class, (w, e) -> w.owner = e.owner())
            .on(Deposited.class, (w, e) -> w.balance = w.balance.add(e.amount()))
            .on(Withdrawn.class, (w, e) -> w.balance = w.balance.subtract(e.amount()))
            .build();

    private String owner;
    private BigDecimal balance = BigDecimal.ZERO;

    Wallet(String id) {
        super(id);
    }

    static Wallet open(String id, String owner) {
        Wallet wallet = new Wallet(id);
        wallet.raise(new Opened(owner));
        return wallet;
    }

    void deposit(String amount) {
        raise(new Deposited(new BigDecimal(amount)));
    }

    void withdraw(String amount) {
        raise(new Withdrawn(new BigDecimal(amount)));
    }

    State state() {
        return new State(owner, balance, version());
    }

    @Override
    protected void apply(Event event) {
        HANDLERS.apply(this, event);
    }
}

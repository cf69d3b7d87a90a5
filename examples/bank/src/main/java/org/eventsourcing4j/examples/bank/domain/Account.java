package org.eventsourcing4j.examples.bank.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.AggregateType;
import org.eventsourcing4j.aggregate.EventHandlers;
import org.eventsourcing4j.snapshot.SnapshotType;

/**
 * A bank account: the seed's aggregate with its bugs fixed. Command methods check the
 * rules and raise one event, or throw an {@link AccountException} and raise nothing; the
 * handlers below change state and never check anything.
 */
public final class Account extends AggregateRoot<AccountEvent> {

    /** The currency of an account opened without one. */
    public static final String DEFAULT_CURRENCY = "USD";

    /** Accounts live in streams {@code account-<id>}. */
    public static final AggregateType<Account, AccountEvent> TYPE =
            AggregateType.of("account", AccountEvent.class, Account::new);

    private static final EventHandlers<Account, AccountEvent> HANDLERS =
            EventHandlers.builder(Account.class, AccountEvent.class)
                    .on(AccountCreated.class, Account::created)
                    .on(MoneyDeposited.class, Account::deposited)
                    .on(MoneyWithdrawn.class, Account::withdrawn)
                    .on(AccountClosed.class, Account::closed)
                    .on(TransferSent.class, Account::sent)
                    .on(TransferReceived.class, Account::received)
                    .build();

    /** Snapshots of accounts: their state as an {@link AccountSnapshot}, revision 1. */
    public static final SnapshotType<Account, AccountSnapshot> SNAPSHOT =
            SnapshotType.of("AccountSnapshot", 1, AccountSnapshot.class, Account::snapshot, Account::new);

    private AccountStatus status = AccountStatus.NOT_OPENED;
    private String email;
    private String name;
    private Currency currency;
    private BigDecimal balance = BigDecimal.ZERO;
    private String closeReason;

    /** An account with no history; {@link #open} it. */
    public Account(String id) {
        super(id);
    }

    /** The account in {@code state} right after its event at {@code version}. */
    private Account(String id, long version, AccountSnapshot state) {
        super(id, version);
        status = state.status();
        email = state.email();
        name = state.name();
        currency = state.currency();
        balance = state.balance();
        closeReason = state.closeReason();
    }

    /** A new account in {@code currencyCode}, with its {@link AccountCreated} event uncommitted. */
    public static Account open(String id, String email, String name, String currencyCode) {
        Account account = new Account(id);
        account.open(email, name, currencyCode);
        return account;
    }

    // ---- commands: check, then raise ----

    public void open(String email, String name) {
        open(email, name, DEFAULT_CURRENCY);
    }

    public void open(String email, String name, String currencyCode) {
        if (status != AccountStatus.NOT_OPENED) {
            throw new AccountStateException(AccountRule.ALREADY_OPEN, "account '" + id() + "' was already opened");
        }
        raise(new AccountCreated(AccountRules.email(email), AccountRules.name(name),
                AccountRules.currency(currencyCode)));
    }

    public void deposit(BigDecimal amount, String currencyCode) {
        requireActive("deposit to");
        Currency requested = requireAccountCurrency(currencyCode);
        raise(new MoneyDeposited(AccountRules.amount(amount, requested), requested));
    }

    public void withdraw(BigDecimal amount, String currencyCode) {
        requireActive("withdraw from");
        Currency requested = requireAccountCurrency(currencyCode);
        BigDecimal checked = AccountRules.amount(amount, requested);
        if (balance.compareTo(checked) < 0) {
            throw new InsufficientFundsException(id(), balance, checked, currency);
        }
        raise(new MoneyWithdrawn(checked, requested));
    }

    public void close(String reason) {
        requireActive("close");
        if (balance.signum() != 0) {
            throw new AccountStateException(AccountRule.BALANCE_NOT_ZERO, "cannot close account '" + id()
                    + "': its balance is " + balance.toPlainString() + " " + currency + ", not zero");
        }
        raise(new AccountClosed(AccountRules.reason(reason)));
    }

    /**
     * Refuses a transfer from an account to itself, before either account is loaded.
     *
     * @throws InvalidAccountRequestException with {@link AccountRule#SAME_ACCOUNT}
     */
    public static void requireTwoAccounts(String fromId, String toId) {
        if (fromId.equals(toId)) {
            throw new InvalidAccountRequestException(AccountRule.SAME_ACCOUNT,
                    "cannot transfer from account '" + fromId + "' to itself");
        }
    }

    /**
     * Moves {@code amount} of this account's currency to account {@code to}: raises
     * {@link TransferSent} here and {@link TransferReceived} there, or throws and raises
     * nothing on either. Both accounts must be active and hold the same currency, and this
     * one must hold at least {@code amount}. The two accounts' new events belong together: save
     * them in one atomic append.
     */
    public void transferTo(Account to, String transferId, BigDecimal amount) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(transferId, "transferId");
        requireTwoAccounts(id(), to.id());
        requireActive("transfer from");
        to.requireActive("transfer to");
        if (!currency.equals(to.currency)) {
            throw new AccountStateException(AccountRule.CURRENCIES_DIFFER, "account '" + id() + "' holds " + currency
                    + " and account '" + to.id() + "' holds " + to.currency + "; a transfer needs one currency");
        }
        BigDecimal checked = AccountRules.amount(amount, currency);
        if (balance.compareTo(checked) < 0) {
            throw new InsufficientFundsException(id(), balance, checked, currency);
        }
        raise(new TransferSent(transferId, to.id(), checked, currency));
        to.raise(new TransferReceived(transferId, id(), checked, currency));
    }

    private void requireActive(String action) {
        if (status != AccountStatus.ACTIVE) {
            throw new AccountStateException(AccountRule.NOT_ACTIVE, "cannot " + action + " account '" + id()
                    + "': it is " + status.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
    }

    private Currency requireAccountCurrency(String currencyCode) {
        Currency requested = AccountRules.currency(currencyCode);
        if (!requested.equals(currency)) {
            throw new AccountStateException(AccountRule.CURRENCY_MISMATCH, "account '" + id() + "' holds "
                    + currency + "; it does not take " + requested);
        }
        return requested;
    }

    // ---- the apply step: state changes only, one handler per event ----

    @Override
    protected void apply(AccountEvent event) {
        HANDLERS.apply(this, event);
    }

    private void created(AccountCreated event) {
        status = AccountStatus.ACTIVE;
        email = event.email();
        name = event.name();
        currency = event.currency();
        balance = BigDecimal.ZERO.setScale(Math.max(0, currency.getDefaultFractionDigits()));
    }

    private void deposited(MoneyDeposited event) {
        balance = balance.add(event.amount());
    }

    private void withdrawn(MoneyWithdrawn event) {
        balance = balance.subtract(event.amount());
    }

    private void sent(TransferSent event) {
        balance = balance.subtract(event.amount());
    }

    private void received(TransferReceived event) {
        balance = balance.add(event.amount());
    }

    private void closed(AccountClosed event) {
        status = AccountStatus.CLOSED;
        closeReason = event.reason();
    }

    // ---- state ----

    public AccountStatus status() {
        return status;
    }

    public String email() {
        return email;
    }

    public String name() {
        return name;
    }

    /** Null until the account is opened. */
    public Currency currency() {
        return currency;
    }

    /** At the currency's minor-unit scale once opened, e.g. {@code 0.00} for USD. */
    public BigDecimal balance() {
        return balance;
    }

    public Optional<String> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    /** The state of an opened account, for a snapshot. */
    public AccountSnapshot snapshot() {
        return new AccountSnapshot(status, email, name, currency, balance, closeReason);
    }

    @Override
    public String toString() {
        return "Account[" + id() + " v" + version() + " " + status + " " + balance.toPlainString() + " " + currency + "]";
    }
}

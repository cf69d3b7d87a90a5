package org.eventsourcing4j.examples.bank;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eventsourcing4j.aggregate.AggregateNotFoundException;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.CommandContext;
import org.eventsourcing4j.aggregate.RetryPolicy;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.AccountStatus;
import org.eventsourcing4j.examples.bank.readmodel.AccountReadModel;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.StreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's use cases, independent of HTTP: commands on the {@link Account} aggregate,
 * queries of the read model, the audit trail and time travel.
 *
 * <p>A command returns only after the account projection has applied its events (or a
 * timeout passed, which is logged), so a read of the read model that follows it in the
 * same process sees it.
 *
 * <p>Commands on one account run one at a time in this process (a striped lock), so
 * concurrent requests queue instead of racing each other into conflicts and retries.
 * Optimistic concurrency still decides between processes: a conflict with another
 * instance is retried by the {@link RetryPolicy}, unless the command named the version it
 * expects, which then fails with {@link PreconditionFailedException}.
 */
public final class Bank {
    private static final Logger LOG = LoggerFactory.getLogger(Bank.class);
    private static final int LOCK_STRIPES = 256;

    private final StreamReader events;
    private final AggregateRepository<Account, AccountEvent> accounts;
    private final AccountReadModel readModel;
    private final ProjectionRunner projection;
    private final RetryPolicy retryPolicy;
    private final Duration readYourWritesTimeout;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public Bank(StreamReader events, AggregateRepository<Account, AccountEvent> accounts, AccountReadModel readModel,
                ProjectionRunner projection, RetryPolicy retryPolicy, Duration readYourWritesTimeout) {
        this.events = events;
        this.accounts = accounts;
        this.readModel = readModel;
        this.projection = projection;
        this.retryPolicy = retryPolicy;
        this.readYourWritesTimeout = readYourWritesTimeout;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Opens an account with a new random id; {@code currency} null means {@link Account#DEFAULT_CURRENCY}. */
    public AccountView open(String email, String name, String currency, CommandContext context) {
        Account account = Account.open(UUID.randomUUID().toString(), email, name,
                currency == null ? Account.DEFAULT_CURRENCY : currency);
        AppendResult result = accounts.save(account, context).orElseThrow();
        return afterCommand(account, result);
    }

    /** {@code currency} null means the account's own. */
    public AccountView deposit(String id, VersionPrecondition expected, BigDecimal amount, String currency,
                               CommandContext context) {
        return execute(id, expected, context, account -> account.deposit(amount, currencyOr(account, currency)));
    }

    /** {@code currency} null means the account's own. */
    public AccountView withdraw(String id, VersionPrecondition expected, BigDecimal amount, String currency,
                                CommandContext context) {
        return execute(id, expected, context, account -> account.withdraw(amount, currencyOr(account, currency)));
    }

    public AccountView close(String id, VersionPrecondition expected, String reason, CommandContext context) {
        return execute(id, expected, context, account -> account.close(reason));
    }

    /** The account as the read model has it. */
    public Optional<AccountView> find(String id) {
        return readModel.find(id);
    }

    /** @param status null for all */
    public List<AccountView> list(AccountStatus status, int limit, long offset) {
        return readModel.list(status, limit, offset);
    }

    /**
     * The account's stored events from {@code fromVersion} on, at most {@code limit}.
     *
     * @throws AggregateNotFoundException when the account has no events at all
     */
    public EventPage history(String id, long fromVersion, int limit) {
        StreamId stream = Account.TYPE.streamId(id);
        List<RecordedEvent> page;
        try (Stream<RecordedEvent> stored = events.readStream(stream, StreamQuery.from(fromVersion))) {
            page = stored.limit(limit + 1L).toList();
        }
        if (page.isEmpty() && events.currentVersion(stream) == 0) {
            throw new AggregateNotFoundException(id, stream, "has no events");
        }
        boolean more = page.size() > limit;
        return new EventPage(more ? page.subList(0, limit) : page, more);
    }

    /** The account rebuilt from its events up to {@code version} (time travel). */
    public AccountView stateAt(String id, long version) {
        Account account = accounts.loadAt(id, version);
        return AccountView.of(account, recordedAt(account));
    }

    /** The account rebuilt from the events recorded at or before {@code instant} (time travel). */
    public AccountView stateAsOf(String id, Instant instant) {
        Account account = accounts.loadAsOf(id, instant);
        return AccountView.of(account, recordedAt(account));
    }

    private AccountView execute(String id, VersionPrecondition expected, CommandContext context,
                                Consumer<Account> command) {
        ReentrantLock lock = locks[Math.floorMod(id.hashCode(), locks.length)];
        Account account;
        AppendResult result;
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                account = accounts.load(id);
                if (!expected.accepts(account.version())) {
                    throw new PreconditionFailedException(id, expected, account.version());
                }
                command.accept(account);
                try {
                    result = accounts.save(account, context).orElseThrow();
                    break;
                } catch (ConcurrencyConflictException conflict) {
                    // Another process wrote first. The version it left is not the one the client named.
                    if (!expected.isAny()) {
                        throw new PreconditionFailedException(id, expected, conflict.actualVersion());
                    }
                    if (attempt >= retryPolicy.maxAttempts()) {
                        throw conflict;
                    }
                    pause(retryPolicy.backoffBefore(attempt + 1), conflict);
                }
            }
        } finally {
            lock.unlock();
        }
        return afterCommand(account, result);
    }

    /** Waits outside the lock until the read model has the command's events, then answers with the new state. */
    private AccountView afterCommand(Account account, AppendResult result) {
        try {
            if (!projection.awaitProcessed(result.lastPosition(), readYourWritesTimeout)) {
                LOG.warn("the account projection has not reached position {} after {}; status: {}",
                        result.lastPosition(), readYourWritesTimeout, projection.status());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return AccountView.of(account, recordedAt(account));
    }

    /** When the account's event at its current version was recorded. */
    private Instant recordedAt(Account account) {
        long version = account.version();
        try (Stream<RecordedEvent> stored = events.readStream(Account.TYPE.streamId(account.id()),
                new StreamQuery(version, version, null))) {
            return stored.findFirst().orElseThrow(() -> new IllegalStateException(
                    "account '" + account.id() + "' has no event at version " + version)).recordedAt();
        }
    }

    private static String currencyOr(Account account, String currency) {
        return currency != null ? currency : account.currency().getCurrencyCode();
    }

    private static void pause(Duration backoff, ConcurrencyConflictException conflict) {
        try {
            TimeUnit.NANOSECONDS.sleep(backoff.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            conflict.addSuppressed(e);
            throw conflict;
        }
    }

    /** A page of an account's events; {@code more} when events follow it. */
    public record EventPage(List<RecordedEvent> events, boolean more) {
    }
}

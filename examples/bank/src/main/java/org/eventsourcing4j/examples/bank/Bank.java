package org.eventsourcing4j.examples.bank;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eventsourcing4j.aggregate.AggregateNotFoundException;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.CommandOptions;
import org.eventsourcing4j.aggregate.CommandResult;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.AccountStatus;
import org.eventsourcing4j.examples.bank.readmodel.AccountReadModel;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.ReplicaLagException;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.StreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's use cases, independent of HTTP: commands on the {@link Account} aggregate,
 * queries of the read model, the audit trail and time travel.
 *
 * <p>Commands run through the repository's command handler: the caller's precondition
 * (the versions an {@code If-Match} names), retries on conflicts with other instances, and
 * idempotency keys (a command sent again with its key is answered with its original result,
 * not carried out twice). A command returns only after the account projection has applied
 * its events and, with a replica, the replica has replayed them (or a timeout passed, which is
 * logged), so a read of the read model that follows it sees it.
 *
 * <p>Commands on one account run one at a time in this process (a striped lock), so
 * concurrent requests queue instead of racing each other into conflicts and retries.
 */
public final class Bank {
    private static final Logger LOG = LoggerFactory.getLogger(Bank.class);
    private static final int LOCK_STRIPES = 256;

    private final StreamReader events;
    private final AggregateRepository<Account, AccountEvent> accounts;
    private final AccountReadModel readModel;
    private final ReadModelProgress projection;
    private final Duration readYourWritesTimeout;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public Bank(StreamReader events, AggregateRepository<Account, AccountEvent> accounts, AccountReadModel readModel,
                ReadModelProgress projection, Duration readYourWritesTimeout) {
        this.events = events;
        this.accounts = accounts;
        this.readModel = readModel;
        this.projection = projection;
        this.readYourWritesTimeout = readYourWritesTimeout;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Opens an account; {@code currency} null means {@link Account#DEFAULT_CURRENCY}. Its id
     * is random, or, with an idempotency key, derived from the key, so that an opening sent
     * again opens nothing new.
     */
    public Outcome open(String email, String name, String currency, CommandOptions options) {
        String id = options.idempotencyKey()
                .map(key -> UUID.nameUUIDFromBytes(("bank.open:" + key).getBytes(StandardCharsets.UTF_8)))
                .orElseGet(UUID::randomUUID).toString();
        Account account = Account.open(id, email, name, currency == null ? Account.DEFAULT_CURRENCY : currency);
        return locked(id, () -> accounts.create(account, options));
    }

    /** {@code currency} null means the account's own. */
    public Outcome deposit(String id, BigDecimal amount, String currency, CommandOptions options) {
        return execute(id, options, account -> account.deposit(amount, currencyOr(account, currency)));
    }

    /** {@code currency} null means the account's own. */
    public Outcome withdraw(String id, BigDecimal amount, String currency, CommandOptions options) {
        return execute(id, options, account -> account.withdraw(amount, currencyOr(account, currency)));
    }

    public Outcome close(String id, String reason, CommandOptions options) {
        return execute(id, options, account -> account.close(reason));
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
        return AccountView.of(account, recordedAtOfVersion(account));
    }

    /** The account rebuilt from the events recorded at or before {@code instant} (time travel). */
    public AccountView stateAsOf(String id, Instant instant) {
        Account account = accounts.loadAsOf(id, instant);
        return AccountView.of(account, recordedAtOfVersion(account));
    }

    private Outcome execute(String id, CommandOptions options, Consumer<Account> command) {
        return locked(id, () -> accounts.execute(id, options, command));
    }

    /** Runs {@code command} holding the account's lock stripe; waits for the read model after releasing it. */
    private Outcome locked(String id, Supplier<CommandResult<Account>> command) {
        ReentrantLock lock = locks[Math.floorMod(id.hashCode(), locks.length)];
        CommandResult<Account> result;
        lock.lock();
        try {
            result = command.get();
        } finally {
            lock.unlock();
        }
        return awaitReadModel(result);
    }

    /**
     * How far the account projection is: one runner under the store's lease, or — with
     * {@code bank.projection.segments} — a partitioned projection shared by the instances.
     */
    public interface ReadModelProgress {
        /** Waits until the read model has processed the log up to {@code position}. */
        boolean awaitProcessed(LogPosition position, Duration timeout) throws InterruptedException;

        /** What to log when it does not get there in time. */
        Object status();

        static ReadModelProgress of(ProjectionRunner runner) {
            return new ReadModelProgress() {
                @Override
                public boolean awaitProcessed(LogPosition position, Duration timeout) throws InterruptedException {
                    return runner.awaitProcessed(position, timeout);
                }

                @Override
                public Object status() {
                    return runner.status();
                }
            };
        }

        static ReadModelProgress of(PartitionedProjection partitioned) {
            return new ReadModelProgress() {
                @Override
                public boolean awaitProcessed(LogPosition position, Duration timeout) throws InterruptedException {
                    return partitioned.awaitProcessed(position, timeout);
                }

                @Override
                public Object status() {
                    return partitioned.status();
                }
            };
        }
    }

    /** Waits until the read model has the command's events, then answers with the new state. */
    private Outcome awaitReadModel(CommandResult<Account> result) {
        AppendResult appended = result.appended().orElseThrow(() -> new IllegalStateException(
                "an account command raised no event for account '" + result.aggregate().id() + "'"));
        try {
            if (!projection.awaitProcessed(appended.lastPosition(), readYourWritesTimeout)) {
                LOG.warn("the account projection has not reached position {} after {}; status: {}",
                        appended.lastPosition(), readYourWritesTimeout, projection.status());
            }
            // Reads may come from a replica: the read model's rows must be there too.
            events.awaitReplication(readYourWritesTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReplicaLagException | StoreUnavailableException e) {
            LOG.warn("the replica does not show the command on account '{}' yet: {}", result.aggregate().id(),
                    e.getMessage());
        }
        return new Outcome(AccountView.of(result.aggregate(), appended.recordedAt()), result.replayed());
    }

    /** When the event at the account's version was recorded (for a state rebuilt by time travel). */
    private Instant recordedAtOfVersion(Account account) {
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

    /**
     * What a command did: the account after it, and whether it was answered from an earlier
     * run with the same idempotency key (nothing new happened).
     */
    public record Outcome(AccountView account, boolean replayed) {
    }

    /** A page of an account's events; {@code more} when events follow it. */
    public record EventPage(List<RecordedEvent> events, boolean more) {
    }
}

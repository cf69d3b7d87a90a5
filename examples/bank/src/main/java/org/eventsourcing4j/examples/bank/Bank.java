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
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.shredding.PersonalDataSchema;
import org.eventsourcing4j.shredding.ShreddingEventCodec;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPosition;
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
    private final Transfers transfers;
    private final ShreddingEventCodec shredding;

    /**
     * @param codec the accounts' codec; when it is a {@link ShreddingEventCodec} the owners'
     *              personal data is encrypted and {@link #erasePersonalData} can erase it
     */
    public Bank(EventStore events, AggregateRepository<Account, AccountEvent> accounts, AccountReadModel readModel,
                ReadModelProgress projection, Duration readYourWritesTimeout, EventCodec codec) {
        this.shredding = codec instanceof ShreddingEventCodec encrypting ? encrypting : null;
        this.events = events;
        // A transfer's two accounts are written in one atomic append across their streams.
        this.transfers = new Transfers(events, accounts, codec, events);
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

    /**
     * Moves {@code amount} from account {@code fromId} to account {@code toId}, atomically: both
     * accounts' events are stored in one append, or neither is. The options' precondition
     * ({@code If-Match}) is on the source account; an idempotency key is scoped to it. Both
     * accounts' locks are held, taken in stripe order, so transfers in opposite directions
     * cannot deadlock.
     */
    public TransferOutcome transfer(String fromId, String toId, BigDecimal amount, CommandOptions options) {
        int a = stripeIndex(fromId);
        int b = stripeIndex(toId);
        ReentrantLock first = locks[Math.min(a, b)];
        ReentrantLock second = locks[Math.max(a, b)]; // the same lock again when both share a stripe: reentrant
        Transfers.Result result;
        first.lock();
        try {
            second.lock();
            try {
                result = transfers.transfer(fromId, toId, amount, options);
            } finally {
                second.unlock();
            }
        } finally {
            first.unlock();
        }
        LogPosition last = result.toAppended().lastPosition().isAfter(result.fromAppended().lastPosition())
                ? result.toAppended().lastPosition() : result.fromAppended().lastPosition();
        awaitReadModel(last, fromId);
        return new TransferOutcome(result.sent().transferId(), result.sent().amount(), result.fromView(), result.toView(),
                result.replayed());
    }

    /**
     * Erases the owner's email and name (GDPR art. 17): destroys the owner's data key, so
     * that they read as {@link PersonalDataSchema#ERASED} in every event, then the erasure
     * hooks delete the account's snapshots and erase its read-model row. The balance
     * history stays. Harmless to repeat.
     *
     * @return the account as the read model has it now
     * @throws AggregateNotFoundException when the account has no events
     * @throws ShreddingOffException      when the bank stores personal data in the clear
     */
    public AccountView erasePersonalData(String id) {
        if (shredding == null) {
            throw new ShreddingOffException(id);
        }
        StreamId stream = Account.TYPE.streamId(id);
        long version = events.currentVersion(stream);
        if (version == 0) {
            throw new AggregateNotFoundException(id, stream, "has no events");
        }
        // The projection applies every event so far first: no row is written in the clear after the erasure.
        try (Stream<RecordedEvent> last = events.readStream(stream, new StreamQuery(version, version, null))) {
            last.findFirst().ifPresent(event -> awaitReadModel(event.logPosition(), id));
        }
        boolean destroyed = shredding.keys().forget(stream.value());
        accounts.evict(id); // its cached state holds the email and name in the clear
        LOG.info("erased the personal data of account '{}'{}", id, destroyed ? "" : " (it was erased before)");
        return readModel.find(id).orElseThrow(() -> new IllegalStateException(
                "account '" + id + "' has events but no row in the read model"));
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
        List<RecordedEvent> shown = more ? page.subList(0, limit) : page;
        if (shredding != null) {
            shown = shown.stream().map(shredding::decrypted).toList();
        }
        return new EventPage(shown, more);
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
        ReentrantLock lock = stripe(id);
        CommandResult<Account> result;
        lock.lock();
        try {
            result = command.get();
        } finally {
            lock.unlock();
        }
        return awaitReadModel(result);
    }

    private ReentrantLock stripe(String id) {
        return locks[stripeIndex(id)];
    }

    private int stripeIndex(String id) {
        return Math.floorMod(id.hashCode(), locks.length);
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
        awaitReadModel(appended.lastPosition(), result.aggregate().id());
        return new Outcome(AccountView.of(result.aggregate(), appended.recordedAt()), result.replayed());
    }

    /** Waits (at most the read-your-writes timeout, then logs) until the read model has applied {@code position}. */
    private void awaitReadModel(LogPosition position, String id) {
        try {
            if (!projection.awaitProcessed(position, readYourWritesTimeout)) {
                LOG.warn("the account projection has not reached position {} after {}; status: {}",
                        position, readYourWritesTimeout, projection.status());
            }
            // Reads may come from a replica: the read model's rows must be there too.
            events.awaitReplication(readYourWritesTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReplicaLagException | StoreUnavailableException e) {
            LOG.warn("the replica does not show the command on account '{}' yet: {}", id, e.getMessage());
        }
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

    /**
     * What a transfer did: its id, both accounts right after it, and whether it was answered
     * from an earlier run with the same idempotency key.
     */
    public record TransferOutcome(String transferId, BigDecimal amount, AccountView from, AccountView to, boolean replayed) {
    }

    /** A page of an account's events; {@code more} when events follow it. */
    public record EventPage(List<RecordedEvent> events, boolean more) {
    }
}

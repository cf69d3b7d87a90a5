package org.eventsourcing4j.examples.bank;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.CommandOptions;
import org.eventsourcing4j.aggregate.IdempotencyConflictException;
import org.eventsourcing4j.aggregate.PreconditionFailedException;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.TransferSent;
import org.eventsourcing4j.examples.bank.readmodel.AccountView;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.DuplicateEventIdException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventIds;
import org.eventsourcing4j.store.EventWriter;
import org.eventsourcing4j.store.MultiStreamConflictException;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamReader;

/**
 * Carries out a transfer between two accounts: loads both, lets {@link Account#transferTo}
 * decide, and stores the two accounts' events in one atomic append ({@link EventWriter#appendAll}), each
 * expecting its account's loaded version. A conflict (another writer changed either account)
 * loads both again and decides again, as the repository's retry policy allows. Both events
 * carry the command's metadata, so the two audit trails show one correlation id.
 *
 * <p>With an idempotency key the event ids are derived from the source account's stream and
 * the key (and the transfer id from the source account and the key): a transfer sent again is
 * found in the store by its first event id and answered as it was, never carried out twice.
 * The caller serializes transfers and commands on the same accounts in this process.
 */
final class Transfers {
    private final StreamReader events;
    private final AggregateRepository<Account, AccountEvent> accounts;
    private final EventCodec codec;
    private final EventWriter appends;

    Transfers(StreamReader events, AggregateRepository<Account, AccountEvent> accounts, EventCodec codec,
              EventWriter appends) {
        this.events = events;
        this.accounts = accounts;
        this.codec = codec;
        this.appends = appends;
    }

    Result transfer(String fromId, String toId, BigDecimal amount, CommandOptions options) {
        Account.requireTwoAccounts(fromId, toId);
        StreamId fromStream = Account.TYPE.streamId(fromId);
        StreamId toStream = Account.TYPE.streamId(toId);
        String transferId = options.idempotencyKey()
                .map(key -> nameUuid("bank.transfer:" + fromId + '\u0000' + key))
                .orElseGet(UUID::randomUUID).toString();
        RetryPolicy retry = accounts.options().retry();
        for (int attempt = 1; ; attempt++) {
            Optional<Result> earlier = carriedOut(fromId, toId, options);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            Account from = accounts.load(fromId);
            Account to = accounts.load(toId);
            if (!options.precondition().accepts(from.version())) {
                throw new PreconditionFailedException(fromId, options.precondition(), from.version());
            }
            long fromVersion = from.version();
            long toVersion = to.version();
            from.transferTo(to, transferId, amount);
            Metadata metadata = options.fingerprint()
                    .map(print -> options.context().metadata().withHeader(AggregateRepository.FINGERPRINT_HEADER, print))
                    .orElse(options.context().metadata());
            List<AppendBatch> batches = List.of(
                    batch(from, fromStream, fromVersion, fromStream, options, metadata),
                    batch(to, toStream, toVersion, fromStream, options, metadata));
            try {
                List<AppendResult> appended = appends.appendAll(batches);
                // Written past the repository: its cached states of the two accounts are behind now.
                accounts.evict(fromId);
                accounts.evict(toId);
                TransferSent sent = (TransferSent) from.uncommittedEvents().get(0);
                from.markCommitted();
                to.markCommitted();
                return new Result(sent, from, appended.get(0), to, appended.get(1), false);
            } catch (ConcurrencyConflictException conflict) {
                if (!options.precondition().isAny()) {
                    // Another writer was first on the source; the version it left is not the one the caller named.
                    Optional<Long> source = sourceVersion(conflict, fromStream);
                    if (source.isPresent()) {
                        throw new PreconditionFailedException(fromId, options.precondition(), source.get());
                    }
                }
                pause(retry, attempt, conflict);
            } catch (DuplicateEventIdException duplicate) {
                // The same keyed transfer was stored concurrently: the next round finds it.
                pause(options.idempotencyKey().isPresent() ? retry : RetryPolicy.noRetry(), attempt, duplicate);
            }
        }
    }

    /** The account's new events, with ids derived from the key (scoped to the source stream) if there is one. */
    private AppendBatch batch(Account account, StreamId stream, long expected, StreamId source, CommandOptions options,
                              Metadata metadata) {
        List<EventData> data = new ArrayList<>();
        for (AccountEvent event : account.uncommittedEvents()) {
            // Without a key, time-ordered ids, as the repository gives its events (cheaper index inserts).
            UUID eventId = options.idempotencyKey().map(key -> eventId(source, key, stream))
                    .orElseGet(EventIds::timeOrdered);
            data.add(codec.encode(event, eventId, metadata));
        }
        return new AppendBatch(stream, ExpectedVersion.exactly(expected), data);
    }

    /** The source stream's actual version, when the conflict names it. */
    private static Optional<Long> sourceVersion(ConcurrencyConflictException conflict, StreamId fromStream) {
        if (conflict instanceof MultiStreamConflictException multi) {
            return multi.conflicts().stream().filter(c -> c.stream().equals(fromStream))
                    .map(c -> c.actualVersion()).findFirst();
        }
        return conflict.stream().equals(fromStream) ? Optional.of(conflict.actualVersion()) : Optional.empty();
    }

    /** The original result of a keyed transfer that is stored already. */
    private Optional<Result> carriedOut(String fromId, String toId, CommandOptions options) {
        if (options.idempotencyKey().isEmpty()) {
            return Optional.empty();
        }
        StreamId fromStream = Account.TYPE.streamId(fromId);
        StreamId toStream = Account.TYPE.streamId(toId);
        String key = options.idempotencyKey().get();
        events.awaitReplication(accounts.options().replicationWait());
        Optional<RecordedEvent> sent = events.readEvent(eventId(fromStream, key, fromStream));
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        RecordedEvent sentEvent = sent.get();
        String stored = sentEvent.metadata().headers().get(AggregateRepository.FINGERPRINT_HEADER);
        if (options.fingerprint().isPresent() && !options.fingerprint().get().equals(stored)) {
            throw new IdempotencyConflictException(key, "the transfer differs from the one carried out with it");
        }
        RecordedEvent receivedEvent = events.readEvent(eventId(fromStream, key, toStream)).orElseThrow(() ->
                new IllegalStateException("transfer event " + sentEvent.eventId() + " in stream '" + fromStream
                        + "' has no counterpart in stream '" + toStream + "'"));
        TransferSent transfer = codec.decode(sentEvent, AccountEvent.class).stream()
                .filter(TransferSent.class::isInstance).map(TransferSent.class::cast)
                .findFirst().orElseThrow(() -> new IdempotencyConflictException(key,
                        "it was used for another command on the account"));
        Account from = accounts.loadAt(fromId, sentEvent.version());
        Account to = accounts.loadAt(toId, receivedEvent.version());
        return Optional.of(new Result(transfer, from, result(sentEvent), to, result(receivedEvent), true));
    }

    private static AppendResult result(RecordedEvent event) {
        return new AppendResult(event.version(), event.logPosition(), event.recordedAt());
    }

    private static UUID eventId(StreamId source, String key, StreamId stream) {
        return nameUuid("bank.transfer.event:" + source.value() + '\u0000' + key + '\u0000' + stream.value());
    }

    private static UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static void pause(RetryPolicy retry, int attempt, RuntimeException failure) {
        if (!retry.allowsAnotherAfter(attempt)) {
            throw failure;
        }
        try {
            retry.pauseBefore(attempt + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /** A transfer carried out now or earlier ({@code replayed}): both accounts right after it. */
    record Result(TransferSent sent, Account from, AppendResult fromAppended, Account to, AppendResult toAppended,
                  boolean replayed) {
        AccountView fromView() {
            return AccountView.of(from, fromAppended.recordedAt());
        }

        AccountView toView() {
            return AccountView.of(to, toAppended.recordedAt());
        }
    }
}

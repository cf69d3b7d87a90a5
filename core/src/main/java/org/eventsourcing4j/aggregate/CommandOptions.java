package org.eventsourcing4j.aggregate;

import java.util.Optional;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.support.Text;

/**
 * How {@link AggregateRepository#execute} runs one command; immutable, change a copy with the
 * {@code with…} methods.
 *
 * @param context        where the command comes from, carried into its events' metadata
 * @param precondition   the versions the caller accepts the aggregate at (an HTTP
 *                       {@code If-Match}); {@code any()} when it does not care. A different
 *                       version fails the command with {@link PreconditionFailedException},
 *                       and then a conflict is not retried either: the caller decided on
 *                       that version
 * @param idempotencyKey identifies the command across retries by its sender (e.g. an
 *                       {@code Idempotency-Key} header): its event ids are derived from the
 *                       key, so a command that was already carried out is not carried out
 *                       again — the original result is returned
 * @param fingerprint    what the command was, for a key used again: the same key with another
 *                       fingerprint (e.g. a digest of another request body) is refused with
 *                       {@link IdempotencyConflictException}. Empty: not compared
 */
public record CommandOptions(CommandContext context, VersionPrecondition precondition, Optional<String> idempotencyKey,
                             Optional<String> fingerprint) {

    /** No metadata, no precondition, no idempotency key. */
    public static final CommandOptions DEFAULTS =
            new CommandOptions(CommandContext.NONE, VersionPrecondition.any(), Optional.empty(), Optional.empty());

    public CommandOptions {
        if (context == null || precondition == null || idempotencyKey == null || fingerprint == null) {
            throw new InvalidArgumentException("command options", "must not contain nulls");
        }
        idempotencyKey.ifPresent(key -> Text.identifier(key, "idempotency key", Limits.MAX_STREAM_ID_LENGTH));
        fingerprint.ifPresent(value -> Text.identifier(value, "idempotency fingerprint", 200));
        if (fingerprint.isPresent() && idempotencyKey.isEmpty()) {
            throw new InvalidArgumentException("idempotency fingerprint", "is only compared with an idempotency key");
        }
    }

    public CommandOptions withContext(CommandContext newContext) {
        return new CommandOptions(newContext, precondition, idempotencyKey, fingerprint);
    }

    public CommandOptions withPrecondition(VersionPrecondition expected) {
        return new CommandOptions(context, expected, idempotencyKey, fingerprint);
    }

    public CommandOptions withIdempotencyKey(String key) {
        return new CommandOptions(context, precondition, Optional.ofNullable(key), fingerprint);
    }

    /** An idempotency key, and what the command was, to refuse the key's reuse for another command. */
    public CommandOptions withIdempotencyKey(String key, String commandFingerprint) {
        return new CommandOptions(context, precondition, Optional.ofNullable(key), Optional.ofNullable(commandFingerprint));
    }
}

package org.eventsourcing4j.aggregate;

import org.eventsourcing4j.store.EventSourcingException;

/**
 * A command's idempotency key was already used for a different command (another
 * fingerprint); nothing was written. Not retryable: the sender reused a key.
 */
public class IdempotencyConflictException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final String idempotencyKey;

    public IdempotencyConflictException(String idempotencyKey, String detail) {
        super("idempotency key '" + idempotencyKey + "' was used before for a different command: " + detail, null);
        this.idempotencyKey = idempotencyKey;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }
}

package org.eventsourcing4j.store;

/**
 * The store could not be reached or was too busy (connection lost, database restarting,
 * lock wait timed out). Retryable. When it is thrown from an append, the batch was
 * either written completely or not at all; an idempotent retry with the same event ids
 * resolves which.
 */
public class StoreUnavailableException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}

package org.eventsourcing4j.publishing;

import org.eventsourcing4j.store.EventSourcingException;

/**
 * The broker did not acknowledge a message: it is down or unreachable, timed out, or is
 * moving a partition leader. Retryable: a publisher retries the page without limit (it
 * stalls, reporting it in its health) and never skips the message.
 */
public class BrokerUnavailableException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}

package org.eventsourcing4j.store;

/**
 * The store failed in a way a retry will not fix by itself: disk full, read-only
 * database file, permission denied, a schema that does not match. Nothing partial of the
 * failed operation is visible; the store keeps serving reads where it can.
 */
public class StorageException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

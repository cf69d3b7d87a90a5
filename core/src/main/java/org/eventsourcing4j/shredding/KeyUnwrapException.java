package org.eventsourcing4j.shredding;

/**
 * A subject's data key cannot be unwrapped: it was wrapped under another key-encryption key
 * than the application has (a wrong key file or variable), or the wrapped key was altered.
 */
public class KeyUnwrapException extends ShreddingException {
    private static final long serialVersionUID = 1L;

    public KeyUnwrapException(String message, Throwable cause) {
        super(message, cause);
    }
}

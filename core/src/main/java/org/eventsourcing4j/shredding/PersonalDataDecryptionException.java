package org.eventsourcing4j.shredding;

/**
 * An encrypted value does not decrypt under its subject's data key: it was altered, moved to
 * another field or event, or is not a value this library wrote. Names the field.
 */
public class PersonalDataDecryptionException extends ShreddingException {
    private static final long serialVersionUID = 1L;

    public PersonalDataDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.eventsourcing4j.shredding;

import org.eventsourcing4j.store.EventSourcingException;

/**
 * Root of the crypto-shredding errors: personal data that cannot be encrypted or decrypted.
 * A decryption never answers garbage: it answers the plaintext, the documented erased value
 * for a forgotten subject, or one of these.
 */
public class ShreddingException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    public ShreddingException(String message, Throwable cause) {
        super(message, cause);
    }
}

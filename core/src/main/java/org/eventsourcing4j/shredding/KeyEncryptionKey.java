package org.eventsourcing4j.shredding;

/**
 * The application's key that wraps (encrypts) every data key before it is stored. Plug in a
 * cloud KMS by implementing this; {@link AesKeyEncryptionKey} is a local AES-256 key from a
 * file or an environment variable. Thread-safe.
 */
public interface KeyEncryptionKey {

    /**
     * A stable name of this key, stored with every key it wraps (a fingerprint, a KMS key
     * version), so that a row wrapped under another key is recognized as such.
     */
    String id();

    /**
     * {@code dataKey} encrypted and authenticated; {@code context} (the subject) is bound to it,
     * so a wrapped key moved to another subject does not unwrap.
     */
    byte[] wrap(byte[] dataKey, byte[] context);

    /**
     * The data key {@link #wrap} was given.
     *
     * @throws KeyUnwrapException when {@code wrapped} was not wrapped by this key with this context
     */
    byte[] unwrap(byte[] wrapped, byte[] context);
}

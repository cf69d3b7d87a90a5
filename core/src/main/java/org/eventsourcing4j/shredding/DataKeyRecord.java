package org.eventsourcing4j.shredding;

import java.time.Instant;
import java.util.Arrays;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Checks;

/**
 * A subject's row in a {@link DataKeyStore}: its data key wrapped under a key-encryption key,
 * or, once forgotten, no key and the time it was forgotten (a tombstone, so that a forgotten
 * subject is told apart from a missing key).
 *
 * @param kekId       the {@link KeyEncryptionKey#id()} the key is wrapped under; empty when forgotten
 * @param wrappedKey  null when forgotten
 * @param forgottenAt null while the key exists
 */
public record DataKeyRecord(String subject, String kekId, byte[] wrappedKey, Instant createdAt, Instant forgottenAt) {

    public DataKeyRecord {
        DataKeys.checkSubject(subject);
        Checks.notNull(kekId, "key-encryption key id");
        Checks.notNull(createdAt, "created at");
        if ((wrappedKey == null) == (forgottenAt == null)) {
            throw new InvalidArgumentException("data key record", "has either a wrapped key or a forgotten time");
        }
        wrappedKey = wrappedKey == null ? null : wrappedKey.clone();
    }

    public static DataKeyRecord live(String subject, String kekId, byte[] wrappedKey, Instant createdAt) {
        return new DataKeyRecord(subject, kekId, Checks.notNull(wrappedKey, "wrapped key"), createdAt, null);
    }

    public boolean forgotten() {
        return forgottenAt != null;
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey == null ? null : wrappedKey.clone();
    }

    public DataKeyRecord rewrapped(String newKekId, byte[] newWrappedKey) {
        return new DataKeyRecord(subject, newKekId, newWrappedKey, createdAt, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataKeyRecord that && subject.equals(that.subject) && kekId.equals(that.kekId)
                && Arrays.equals(wrappedKey, that.wrappedKey) && createdAt.equals(that.createdAt)
                && java.util.Objects.equals(forgottenAt, that.forgottenAt);
    }

    @Override
    public int hashCode() {
        return subject.hashCode();
    }

    @Override
    public String toString() {
        return "DataKeyRecord[" + subject + (forgotten() ? ", forgotten at " + forgottenAt : ", kek " + kekId) + "]";
    }
}

package org.eventsourcing4j.examples.bank;

import java.nio.file.Path;
import org.eventsourcing4j.shredding.AesKeyEncryptionKey;
import org.eventsourcing4j.shredding.KeyEncryptionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the bank's key-encryption key comes from (docs/compliance.md): the environment
 * variable {@value #KEK_VARIABLE} (base64 of 32 random bytes); else the file the Spring property
 * {@value #KEK_FILE_PROPERTY} names; else {@code DIR/bank.kek} next to the SQLite file, created
 * with a new random key on the first start (logged once), so that a fresh checkout starts
 * with no setup.
 */
final class BankShredding {
    static final String KEK_VARIABLE = "BANK_KEK";
    static final String KEK_FILE_PROPERTY = "bank.shredding.kek-file";
    static final String DEFAULT_KEK_FILE = "bank.kek";
    private static final Logger LOG = LoggerFactory.getLogger(BankShredding.class);

    private BankShredding() {
    }

    /** @param kekFile the {@value #KEK_FILE_PROPERTY} property, or null */
    static KeyEncryptionKey keyEncryptionKey(BankConfig config, String kekFile) {
        String variable = System.getenv(KEK_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            AesKeyEncryptionKey key = AesKeyEncryptionKey.fromBase64(variable);
            LOG.info("personal data is encrypted under the key-encryption key {} from ${}", key.id(), KEK_VARIABLE);
            return key;
        }
        if (kekFile != null && !kekFile.isBlank()) {
            AesKeyEncryptionKey key = AesKeyEncryptionKey.fromFile(Path.of(kekFile));
            LOG.info("personal data is encrypted under the key-encryption key {} from {}", key.id(),
                    Path.of(kekFile).toAbsolutePath());
            return key;
        }
        Path file = config.dataDirectory().resolve(DEFAULT_KEK_FILE).toAbsolutePath();
        AesKeyEncryptionKey.Loaded loaded = AesKeyEncryptionKey.fromFileCreatingIfMissing(file);
        if (loaded.created()) {
            LOG.warn("created a new key-encryption key {} in {}: back it up apart from the database;"
                    + " without it no account's email and name can be read (set ${} or --{} to use your own)",
                    loaded.key().id(), file, KEK_VARIABLE, KEK_FILE_PROPERTY);
        } else {
            LOG.info("personal data is encrypted under the key-encryption key {} from {}", loaded.key().id(), file);
        }
        return loaded.key();
    }
}

package org.eventsourcing4j.examples.bank;

import java.nio.file.Path;
import java.util.Locale;
import javax.sql.DataSource;
import org.eventsourcing4j.examples.bank.domain.AccountEvents;
import org.eventsourcing4j.examples.bank.readmodel.AccountProjection;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.serialization.EventTypeRegistry;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.shredding.AesKeyEncryptionKey;
import org.eventsourcing4j.shredding.DataKeys;
import org.eventsourcing4j.shredding.KeyEncryptionKey;
import org.eventsourcing4j.shredding.ShreddingEventCodec;
import org.eventsourcing4j.store.StreamId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the bank encrypts the owners' email and name (the Spring property {@value #ENABLED_PROPERTY},
 * {@code --shredding on|off} on the command line; on by default), and where its key-encryption key
 * comes from (docs/compliance.md): the environment
 * variable {@value #KEK_VARIABLE} (base64 of 32 random bytes); else the file the Spring property
 * {@value #KEK_FILE_PROPERTY} names; else {@code DIR/bank.kek} next to the SQLite file, created
 * with a new random key on the first start (logged once), so that a fresh checkout starts
 * with no setup. Off, events are written with the plain codec and nothing can be erased; it is
 * there to measure what shredding costs and for data that holds no personal data.
 */
final class BankShredding {
    static final String ENABLED_PROPERTY = "bank.shredding.enabled";
    static final String KEK_VARIABLE = "BANK_KEK";
    static final String KEK_FILE_PROPERTY = "bank.shredding.kek-file";
    static final String DEFAULT_KEK_FILE = "bank.kek";
    private static final Logger LOG = LoggerFactory.getLogger(BankShredding.class);

    private BankShredding() {
    }

    /**
     * The accounts' codec. On: the owners' email and name encrypted under data keys in the store's
     * {@code data_keys} table, wrapped under {@link #keyEncryptionKey}; forgetting an owner deletes
     * the account's snapshots and erases its read-model row. Off: the plain codec.
     *
     * @param enabled the {@value #ENABLED_PROPERTY} property, or null (on)
     * @throws IllegalArgumentException when {@code enabled} is neither true/on nor false/off
     * @throws IllegalStateException    when shredding is off and the database holds live data keys
     */
    static EventCodec codec(EventTypeRegistry registry, JdbcEventStore store, DataSource dataSource,
                            BankConfig config, String enabled, String kekFile) {
        JacksonEventCodec plain = new JacksonEventCodec(registry);
        if (!enabled(enabled)) {
            if (!store.dataKeys().livePage(null, 1).isEmpty()) {
                throw new IllegalStateException("crypto-shredding is off (" + ENABLED_PROPERTY + "=false), but this"
                        + " database holds owners' data keys: its email and name were written encrypted and would"
                        + " read as ciphertext; start with shredding on");
            }
            LOG.warn("crypto-shredding is off ({}=false): owners' email and name are stored in the clear and"
                    + " DELETE /accounts/{{id}}/personal-data cannot erase them", ENABLED_PROPERTY);
            return plain;
        }
        // Read on connections of their own: the projection looks keys up inside its commit.
        DataKeys keys = new DataKeys(store.dataKeys().readingThrough(new Jdbc(dataSource, store.dialect())),
                keyEncryptionKey(config, kekFile));
        keys.addErasureHook(subject -> store.snapshots().deleteStream(StreamId.of(subject)));
        keys.addErasureHook(subject -> {
            String id = AccountProjection.accountIdOf(subject);
            if (id != null) {
                store.useTransaction(connection -> AccountProjection.erasePersonalData(connection, id));
            }
        });
        return new ShreddingEventCodec(plain, AccountEvents.personalData(registry), keys);
    }

    /** {@code value} of {@value #ENABLED_PROPERTY}: true/on or false/off, any case; null is on. */
    static boolean enabled(String value) {
        if (value == null) {
            return true;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "on" -> true;
            case "false", "off" -> false;
            default -> throw new IllegalArgumentException(ENABLED_PROPERTY + " must be true or false (on or off), got '"
                    + value + "'");
        };
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

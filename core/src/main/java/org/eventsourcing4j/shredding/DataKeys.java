package org.eventsourcing4j.shredding;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.support.Checks;

/**
 * The data keys of the data subjects: created on a subject's first personal data, wrapped
 * under the {@link KeyEncryptionKey} and stored in a {@link DataKeyStore}; unwrapped keys
 * are cached, at most {@code cacheSize} of them (least recently used dropped first).
 * {@link #forget} destroys a key for good; {@link #rotate} re-wraps keys under a new
 * key-encryption key without touching any event. Thread-safe.
 */
public final class DataKeys {
    public static final int MAX_SUBJECT_LENGTH = 200;
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    private static final int ROTATION_PAGE = 500;

    private final DataKeyStore store;
    private final KeyEncryptionKey kek;
    private final int cacheSize;
    private final Clock clock;
    private final Map<String, SecretKey> cache;
    private final List<ErasureHook> hooks = new CopyOnWriteArrayList<>();

    public DataKeys(DataKeyStore store, KeyEncryptionKey kek) {
        this(store, kek, DEFAULT_CACHE_SIZE, Clock.systemUTC());
    }

    /** @param cacheSize how many unwrapped keys to keep in memory, at least 0 */
    public DataKeys(DataKeyStore store, KeyEncryptionKey kek, int cacheSize, Clock clock) {
        this.store = Checks.notNull(store, "data key store");
        this.kek = Checks.notNull(kek, "key-encryption key");
        if (cacheSize < 0) {
            throw new InvalidArgumentException("cache size", "must not be negative, got " + cacheSize);
        }
        this.cacheSize = cacheSize;
        this.clock = Checks.notNull(clock, "clock");
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SecretKey> eldest) {
                return size() > DataKeys.this.cacheSize;
            }
        };
    }

    /** The key store, for operators' tools. */
    public DataKeyStore store() {
        return store;
    }

    /**
     * The subject's key for new personal data, created on first use.
     *
     * @throws SubjectForgottenException when the subject was forgotten
     */
    SecretKey forWriting(String subject) {
        SecretKey cached = cached(subject);
        if (cached != null) {
            return cached;
        }
        Optional<DataKeyRecord> row = store.find(subject);
        DataKeyRecord stored;
        if (row.isPresent()) {
            stored = row.get();
        } else {
            byte[] raw = Aes.randomKey();
            try {
                stored = store.insertIfAbsent(DataKeyRecord.live(subject, kek.id(), kek.wrap(raw, context(subject)),
                        clock.instant()));
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }
        if (stored.forgotten()) {
            throw new SubjectForgottenException(subject);
        }
        return remember(subject, unwrap(stored));
    }

    /**
     * The subject's key for reading, or empty when the subject was forgotten.
     *
     * @throws MissingDataKeyException when there is no row for it
     * @throws KeyUnwrapException      when its key does not unwrap under this key-encryption key
     */
    Optional<SecretKey> forReading(String subject, String where) {
        SecretKey cached = cached(subject);
        if (cached != null) {
            return Optional.of(cached);
        }
        DataKeyRecord stored = store.find(subject).orElseThrow(() -> new MissingDataKeyException(subject, where));
        if (stored.forgotten()) {
            return Optional.empty();
        }
        return Optional.of(remember(subject, unwrap(stored)));
    }

    /** Whether the subject was forgotten. */
    public boolean isForgotten(String subject) {
        return store.find(checkSubject(subject)).map(DataKeyRecord::forgotten).orElse(false);
    }

    /**
     * Destroys the subject's data key: its personal data in every event reads as
     * {@link PersonalDataSchema#ERASED} from now on, in this process and every other one
     * (which may hold the key in its cache until it restarts or evicts it; see docs/compliance.md).
     * Then runs the {@linkplain #addErasureHook erasure hooks}. Harmless to repeat.
     *
     * @return whether a key was destroyed now (false when it already was, or never existed)
     */
    public boolean forget(String subject) {
        checkSubject(subject);
        boolean destroyed = store.forget(subject, clock.instant());
        synchronized (cache) {
            cache.remove(subject);
        }
        for (ErasureHook hook : hooks) {
            hook.erase(subject);
        }
        return destroyed;
    }

    /** Adds a hook run by every {@link #forget}; closing the registration removes it. */
    public Registration addErasureHook(ErasureHook hook) {
        Checks.notNull(hook, "erasure hook");
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /**
     * Re-wraps every live data key wrapped under {@code previous} under this instance's
     * key-encryption key. Events are not read or written: the data keys stay the same. Keys
     * already under the current key are skipped, so an interrupted rotation is simply run again.
     *
     * @return how many keys were re-wrapped
     * @throws KeyUnwrapException when a key wrapped under {@code previous}'s id does not unwrap with it
     */
    public long rotate(KeyEncryptionKey previous) {
        Checks.notNull(previous, "previous key-encryption key");
        long rewrapped = 0;
        String after = null;
        while (true) {
            List<DataKeyRecord> page = store.livePage(after, ROTATION_PAGE);
            for (DataKeyRecord row : page) {
                if (row.kekId().equals(previous.id()) && !row.kekId().equals(kek.id())) {
                    byte[] raw = previous.unwrap(row.wrappedKey(), context(row.subject()));
                    try {
                        if (store.replace(row, row.rewrapped(kek.id(), kek.wrap(raw, context(row.subject()))))) {
                            rewrapped++;
                        }
                    } finally {
                        Arrays.fill(raw, (byte) 0);
                    }
                }
            }
            if (page.size() < ROTATION_PAGE) {
                return rewrapped;
            }
            after = page.get(page.size() - 1).subject();
        }
    }

    /** Empties the cache of unwrapped keys (e.g. after another process forgot subjects). */
    public void clearCache() {
        synchronized (cache) {
            cache.clear();
        }
    }

    private SecretKey unwrap(DataKeyRecord row) {
        if (!row.kekId().equals(kek.id())) {
            throw new KeyUnwrapException("the data key of subject '" + row.subject() + "' is wrapped under key-encryption key "
                    + row.kekId() + ", but the application has " + kek.id()
                    + " (a wrong key file or variable, or a rotation not run)", null);
        }
        byte[] raw = kek.unwrap(row.wrappedKey(), context(row.subject()));
        try {
            return new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private SecretKey cached(String subject) {
        synchronized (cache) {
            return cache.get(subject);
        }
    }

    private SecretKey remember(String subject, SecretKey key) {
        if (cacheSize > 0) {
            synchronized (cache) {
                cache.put(subject, key);
            }
        }
        return key;
    }

    int cachedKeys() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private static byte[] context(String subject) {
        return subject.getBytes(StandardCharsets.UTF_8);
    }

    static String checkSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new InvalidArgumentException("subject", "must not be blank");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new InvalidArgumentException("subject", subject.length() + " characters, the limit is "
                    + MAX_SUBJECT_LENGTH);
        }
        return subject;
    }
}

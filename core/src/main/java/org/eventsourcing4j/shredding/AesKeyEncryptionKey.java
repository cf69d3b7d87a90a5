package org.eventsourcing4j.shredding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * A local AES-256 key-encryption key: 32 random bytes, written as base64 (one line) in a file
 * or an environment variable. Its {@link #id()} is a fingerprint of the key (the first 8 bytes
 * of its SHA-256, in hex), never the key itself.
 */
public final class AesKeyEncryptionKey implements KeyEncryptionKey {
    private static final byte[] WRAP_CONTEXT = "es4j:kek:1\0".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final String id;

    private AesKeyEncryptionKey(byte[] key) {
        if (key.length != Aes.KEY_BYTES) {
            throw new InvalidArgumentException("key-encryption key", "must be " + Aes.KEY_BYTES
                    + " bytes (base64 of 32 random bytes), got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.id = "aes:" + fingerprint(key);
        Arrays.fill(key, (byte) 0);
    }

    /** A new random key (for tests, or to write to a file with {@link #toBase64()}). */
    public static AesKeyEncryptionKey generate() {
        return new AesKeyEncryptionKey(Aes.randomKey());
    }

    /** @param base64 32 bytes in base64, surrounding white space ignored */
    public static AesKeyEncryptionKey fromBase64(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new InvalidArgumentException("key-encryption key", "must not be blank");
        }
        try {
            return new AesKeyEncryptionKey(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("key-encryption key", "is not base64: " + e.getMessage());
        }
    }

    /** The key in the file (base64, as {@link #toBase64()} writes it). */
    public static AesKeyEncryptionKey fromFile(Path file) {
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key-encryption key file " + file.toAbsolutePath(), e);
        }
    }

    /**
     * The key in environment variable {@code variable}.
     *
     * @throws InvalidArgumentException when it is not set
     */
    public static AesKeyEncryptionKey fromEnvironment(String variable) {
        String value = System.getenv(variable);
        if (value == null) {
            throw new InvalidArgumentException("environment variable " + variable, "is not set");
        }
        return fromBase64(value);
    }

    /**
     * The key in {@code file}; when there is no such file, a new key written to it first
     * (readable by its owner only, where the file system has POSIX permissions).
     *
     * @return the key, and whether it was created
     */
    public static Loaded fromFileCreatingIfMissing(Path file) {
        if (Files.exists(file)) {
            return new Loaded(fromFile(file), false);
        }
        AesKeyEncryptionKey created = generate();
        Path directory = file.toAbsolutePath().getParent();
        Path written = null;
        try {
            Files.createDirectories(directory);
            // Written in full beside the file, then linked to its name in one step: a process
            // that starts at the same time finds either no file or the whole key, never a
            // file that is still empty.
            written = Files.createTempFile(directory, ".kek-", ".tmp");
            try {
                Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the directory's permissions
            }
            Files.writeString(written, created.toBase64() + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, written);
            return new Loaded(created, true);
        } catch (FileAlreadyExistsException e) {
            return new Loaded(fromFile(file), false); // another process created it meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the key-encryption key file " + file.toAbsolutePath(), e);
        } finally {
            if (written != null) {
                try {
                    Files.deleteIfExists(written);
                } catch (IOException e) {
                    // a stray temporary copy of a key that is in the file as well
                }
            }
        }
    }

    /** A key read or created by {@link #fromFileCreatingIfMissing}. */
    public record Loaded(AesKeyEncryptionKey key, boolean created) {
    }

    /** The key in base64, for a file or a variable. Keep it secret. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public byte[] wrap(byte[] dataKey, byte[] context) {
        return Aes.encrypt(key, dataKey, associatedData(context));
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] context) {
        byte[] dataKey = Aes.decrypt(key, wrapped, associatedData(context));
        if (dataKey == null) {
            throw new KeyUnwrapException("a data key does not unwrap under key-encryption key " + id
                    + ": it was wrapped under another key, or altered", null);
        }
        return dataKey;
    }

    private static byte[] associatedData(byte[] context) {
        byte[] data = Arrays.copyOf(WRAP_CONTEXT, WRAP_CONTEXT.length + context.length);
        System.arraycopy(context, 0, data, WRAP_CONTEXT.length, context.length);
        return data;
    }

    private static String fingerprint(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AesKeyEncryptionKey[" + id + "]";
    }

}

package org.eventsourcing4j.internal.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys of the objects open during one scan, to find duplicate keys.
 *
 * <p>Keys are compared as decoded UTF-8 bytes. A key without escapes is compared where it
 * stands in the payload: well-formed UTF-8 has exactly one encoding per string, so equal
 * bytes mean equal keys. A key with escapes is first decoded into a scratch buffer, so that
 * {@code "a"} and <code>"&#92;u0061"</code> are the same key.
 *
 * <p>An object compares each new key with its earlier ones (by a cheap fingerprint first),
 * which for the few keys of a typical event beats hashing and allocates nothing; past
 * {@link #LINEAR_LIMIT} keys it switches to a hash set of strings.
 */
final class ObjectKeys {
    /** What {@link #add} returns for a key the innermost open object already has. */
    static final int DUPLICATE = -1;
    static final int LINEAR_LIMIT = 16;

    private final byte[] data;
    /**
     * Three ints per key of the open objects: its start ({@code ~offset} if in {@link #decoded}),
     * its length and its {@link #fingerprint}.
     */
    private int[] keys = new int[3 * 4];
    private int keyCount;
    /** Per open object, outermost first: the index in {@link #keys} of its first key. */
    private int[] firstKey = new int[4];
    /** Per open object: its keys once it has more than LINEAR_LIMIT of them, else null. */
    private Set<String>[] manyKeys;
    private int depth;
    /** Escaped keys, decoded; only ever grows, so bounded by the payload's size. */
    private byte[] decoded;
    private int decodedLength;
    private int lastStart;
    private int lastLength;

    ObjectKeys(byte[] data) {
        this.data = data;
    }

    void openObject() {
        if (depth == firstKey.length) {
            firstKey = Arrays.copyOf(firstKey, depth * 2);
        }
        firstKey[depth++] = keyCount;
    }

    void closeObject() {
        depth--;
        keyCount = firstKey[depth];
        if (manyKeys != null && depth < manyKeys.length) {
            manyKeys[depth] = null;
        }
    }

    /**
     * Adds the key between the quotes at {@code data[from, to)}, already validated, to the
     * innermost open object. Returns its decoded length in bytes, or {@link #DUPLICATE}.
     */
    int add(int from, int to, boolean escaped) {
        lastStart = escaped ? ~decode(from, to) : from;
        lastLength = escaped ? decodedLength - ~lastStart : to - from;
        int object = depth - 1;
        if (manyKeys != null && object < manyKeys.length && manyKeys[object] != null) {
            return manyKeys[object].add(text(lastStart, lastLength)) ? lastLength : DUPLICATE;
        }
        int fingerprint = fingerprint(lastStart, lastLength);
        for (int k = firstKey[object]; k < keyCount; k++) {
            int at = 3 * k;
            if (keys[at + 2] == fingerprint && keys[at + 1] == lastLength && sameBytes(keys[at], lastStart, lastLength)) {
                return DUPLICATE;
            }
        }
        if (keyCount - firstKey[object] == LINEAR_LIMIT) {
            switchToHashSet(object);
        } else {
            push(lastStart, lastLength, fingerprint);
        }
        return lastLength;
    }

    /** The key last passed to {@link #add} for an error message: decoded, at most 64 characters, controls escaped. */
    String lastKey() {
        String key = text(lastStart, lastLength);
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(64, key.length()); i++) {
            char c = key.charAt(i);
            if (c < 0x20) {
                shown.append(String.format("\\u%04X", (int) c));
            } else {
                shown.append(c);
            }
        }
        return key.length() > 64 ? shown.append("...").toString() : shown.toString();
    }

    private void switchToHashSet(int object) {
        Set<String> set = new HashSet<>();
        for (int k = firstKey[object]; k < keyCount; k++) {
            set.add(text(keys[3 * k], keys[3 * k + 1]));
        }
        set.add(text(lastStart, lastLength));
        keyCount = firstKey[object];
        if (manyKeys == null || object >= manyKeys.length) {
            manyKeys = newSetArray(manyKeys, Math.max(8, object * 2));
        }
        manyKeys[object] = set;
    }

    private void push(int start, int length, int fingerprint) {
        int at = 3 * keyCount;
        if (at == keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[at] = start;
        keys[at + 1] = length;
        keys[at + 2] = fingerprint;
        keyCount++;
    }

    /**
     * The length and the first, middle and last bytes of a key, mixed: keys with different
     * fingerprints differ, so the linear scan compares bytes only on a match. Keys of one
     * object often share a prefix ("line1", "line2"), hence the last byte.
     */
    private int fingerprint(int start, int length) {
        if (length == 0) {
            return 0;
        }
        byte[] source = source(start);
        int o = offset(start);
        return length * 0x9E3779B1 ^ source[o] << 16 ^ source[o + length / 2] << 8 ^ source[o + length - 1];
    }

    private boolean sameBytes(int startA, int startB, int length) {
        int a = offset(startA);
        int b = offset(startB);
        return Arrays.equals(source(startA), a, a + length, source(startB), b, b + length);
    }

    private String text(int start, int length) {
        return new String(source(start), offset(start), length, StandardCharsets.UTF_8);
    }

    private byte[] source(int start) {
        return start >= 0 ? data : decoded;
    }

    private static int offset(int start) {
        return start >= 0 ? start : ~start;
    }

    /** Decodes an escaped key into {@link #decoded}; returns where it starts there. */
    private int decode(int from, int to) {
        // Decoding never lengthens: an escape of 2 to 12 bytes becomes 1 to 4 bytes of UTF-8.
        int needed = decodedLength + (to - from);
        if (decoded == null || needed > decoded.length) {
            decoded = Arrays.copyOf(decoded == null ? new byte[0] : decoded, Math.max(64, needed * 2));
        }
        int start = decodedLength;
        decodedLength = JsonEscapes.decode(data, from, to, decoded, start);
        return start;
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] newSetArray(Set<String>[] old, int length) {
        Set<String>[] array = (Set<String>[]) new Set<?>[length];
        if (old != null) {
            System.arraycopy(old, 0, array, 0, old.length);
        }
        return array;
    }
}

package org.eventsourcing4j.aggregate;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.support.Digests;

/**
 * The event ids of a command with an idempotency key: the i-th event it raises gets a UUID
 * derived from the stream, the key and i (the first 16 bytes of a SHA-256, marked as a
 * version-8 "custom" UUID of the IETF variant). The same command sent again raises events
 * with the same ids, which the store recognizes; different keys or streams give different
 * ids. Without a key, ids are time-ordered ({@link org.eventsourcing4j.store.EventIds#timeOrdered()}).
 */
final class CommandEventIds {
    private CommandEventIds() {
    }

    static UUID of(StreamId stream, String idempotencyKey, int index) {
        byte[] digest = Digests.sha256("eventsourcing4j.command:" + stream.value() + '\u0000' + idempotencyKey
                + '\u0000' + index);
        digest[6] = (byte) ((digest[6] & 0x0F) | 0x80); // version 8
        digest[8] = (byte) ((digest[8] & 0x3F) | 0x80); // IETF variant
        ByteBuffer bytes = ByteBuffer.wrap(digest, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}

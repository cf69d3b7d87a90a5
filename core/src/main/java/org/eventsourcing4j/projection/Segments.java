package org.eventsourcing4j.projection;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StreamId;

/**
 * Which segment of a partitioned projection an event belongs to: the segment of its
 * stream, so one stream's events are all handled by one segment, in order.
 *
 * <p>The hash is stable across processes, versions and JVMs: the CRC-32 of the stream id's
 * UTF-8 bytes, read as an unsigned 32-bit number, modulo the number of segments. It is
 * part of the stored state (checkpoints are per segment), so it never changes.
 */
public final class Segments {
    /** The most segments a projection can have. */
    public static final int MAX = 1024;

    private Segments() {
    }

    /** The segment, from 0 to {@code count - 1}, of stream {@code stream}. */
    public static int of(StreamId stream, int count) {
        check(count);
        CRC32 crc = new CRC32();
        crc.update(stream.value().getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    /** The name of segment {@code segment} of generation {@code generation}: its checkpoint's name. */
    public static String name(String projection, long generation, int segment) {
        return projection + "#" + generation + "." + segment;
    }

    /** Checks a number of segments: from 1 to {@link #MAX}. */
    public static int check(int count) {
        if (count < 1 || count > MAX) {
            throw new InvalidArgumentException("segments", "must be between 1 and " + MAX + ", got " + count);
        }
        return count;
    }
}

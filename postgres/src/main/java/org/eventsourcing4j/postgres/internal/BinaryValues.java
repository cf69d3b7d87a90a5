package org.eventsourcing4j.postgres.internal;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.postgresql.PGResultSetMetaData;

/**
 * Decodes {@code timestamptz} and {@code uuid} columns from the bytes PostgreSQL sent in
 * binary form. The driver asks for binary results of these types once a statement is
 * server-prepared (its fifth execution on a connection, by default); then
 * {@link ResultSet#getBytes} hands out the value's bytes as sent. Reading them here skips the
 * driver's {@code getObject}: for a timestamp a calendar per result set, a parsed timestamp
 * and an {@link OffsetDateTime} per value. Where a column came as text (the first executions,
 * or a driver set up without binary transfer), the callers use {@code getObject} as before.
 */
final class BinaryValues {
    /** Seconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for timestamps. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private BinaryValues() {
    }

    /** Whether column {@code column} of {@code rs}'s rows came in binary form; false when the driver cannot say. */
    static boolean isBinary(ResultSet rs, int column) throws SQLException {
        java.sql.ResultSetMetaData meta = rs.getMetaData();
        if (!meta.isWrapperFor(PGResultSetMetaData.class)) {
            return false;
        }
        return meta.unwrap(PGResultSetMetaData.class).getFormat(column) == 1;
    }

    /**
     * A binary {@code timestamptz}: microseconds since 2000-01-01 00:00 UTC, big-endian (servers
     * since PostgreSQL 10 have only integer timestamps). Infinity and -infinity become
     * {@link OffsetDateTime#MAX} and {@link OffsetDateTime#MIN} as instants, as the driver's
     * {@code getObject(.., OffsetDateTime.class)} gives them.
     */
    static Instant timestamp(byte[] bytes) {
        if (bytes.length != Long.BYTES) {
            throw new IllegalArgumentException("a binary timestamptz has 8 bytes, not " + bytes.length);
        }
        long micros = ByteBuffer.wrap(bytes).getLong();
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX.toInstant();
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN.toInstant();
        }
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND) + POSTGRES_EPOCH_SECONDS;
        long nanos = Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** A binary {@code uuid}: its 16 bytes, most significant first. */
    static UUID uuid(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a binary uuid has 16 bytes, not " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}

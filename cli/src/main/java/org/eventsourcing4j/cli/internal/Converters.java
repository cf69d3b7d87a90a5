package org.eventsourcing4j.cli.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses option values, with messages that say what a good value looks like. */
final class Converters {
    private Converters() {
    }

    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(value).toInstant();
                } catch (DateTimeParseException again) {
                    throw new TypeConversionException("'" + value
                            + "' is not an ISO-8601 instant such as 2026-01-01T10:00:00Z or 2026-01-01T11:00:00+01:00");
                }
            }
        }
    }

    static final class UuidConverter implements ITypeConverter<UUID> {
        @Override
        public UUID convert(String value) {
            try {
                if (value.length() != 36) {
                    throw new IllegalArgumentException();
                }
                return UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an event id (a UUID such as "
                        + "3f2b8c1e-0d4a-4c5e-9b7a-2e1f0c9d8b7a)");
            }
        }
    }

    static final class PositionConverter implements ITypeConverter<LogPosition> {
        @Override
        public LogPosition convert(String value) {
            try {
                return LogPosition.parse(value);
            } catch (InvalidArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a log position ('position', or"
                        + " 'txId:position' on PostgreSQL, as printed by 'es4j log')");
            }
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, or ISO-8601 ({@code PT30S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.parse(value);
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 30s, 2m or PT30S");
            }
        }
    }
}

package org.eventsourcing4j.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The binary decodings give what the driver's {@code getObject} gives for the same value sent
 * as text, whatever the JVM's default time zone (the driver sets the session's from it).
 */
class BinaryValuesTest {
    private static final String URL = System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
            "jdbc:postgresql://localhost:5432/test?user=postgres");
    /** A prepare threshold of -1 makes the driver ask for binary results from the first execution; 0 never. */
    private static final String BINARY = "prepareThreshold=-1";
    private static final String TEXT = "prepareThreshold=0";

    private static String url(String setting) {
        return URL + (URL.contains("?") ? "&" : "?") + setting;
    }

    /** Literals across the whole timestamptz range, written in several zones. */
    private static final List<String> LITERALS = List.of(
            "4714-11-24 00:00:00+00 BC", "4714-11-24 00:00:00.000001+00 BC", "0001-01-01 00:00:00+00 BC",
            "0001-01-01 00:00:00+00", "1582-10-04 23:59:59.999999+00", "1582-10-15 00:00:00+00",
            "1900-02-28 12:00:00.5-03:30", "1969-12-31 23:59:59.999999+00", "1970-01-01 00:00:00+00",
            "1970-01-01 00:00:00.000001+00", "1999-12-31 23:59:59.999999+00", "2000-01-01 00:00:00+00",
            "2000-01-01 00:00:00.000001+00", "2026-11-28 06:01:02.345678+05:45", "9999-12-31 23:59:59.999999+00",
            "10000-01-01 00:00:00+00", "294276-12-31 23:59:59.999999+00", "infinity", "-infinity");

    @Test
    void timestampsReadAsTheDriverReadsTheirText() throws Exception {
        List<Instant> expected = timestamps(false);
        assertThat(expected.get(0)).isEqualTo(Instant.parse("-4713-11-24T00:00:00Z"));
        assertThat(expected.get(7)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(expected.get(13)).isEqualTo(Instant.parse("2026-11-28T00:16:02.345678Z"));
        assertThat(expected.get(16)).isEqualTo(Instant.parse("+294276-12-31T23:59:59.999999Z"));
        assertThat(expected.get(17)).isEqualTo(OffsetDateTime.MAX.toInstant());
        assertThat(expected.get(18)).isEqualTo(OffsetDateTime.MIN.toInstant());
        TimeZone before = TimeZone.getDefault();
        try {
            for (String zone : List.of("UTC", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                assertThat(timestamps(true)).as("JVM default time zone %s", zone).isEqualTo(expected);
            }
        } finally {
            TimeZone.setDefault(before);
        }
    }

    /** The {@link #LITERALS} as the driver's getObject reads their text form, or as BinaryValues reads their binary form. */
    private static List<Instant> timestamps(boolean binary) throws Exception {
        List<Instant> read = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url(binary ? BINARY : TEXT));
             PreparedStatement select = connection.prepareStatement("select ?::timestamptz")) {
            for (String literal : LITERALS) {
                select.setString(1, literal);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertThat(BinaryValues.isBinary(rs, 1)).isEqualTo(binary);
                    read.add(binary ? BinaryValues.timestamp(rs.getBytes(1)) : rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
        }
        return read;
    }

    /** Seeded random instants with microseconds, before and after 1970 and 2000, bound as the store binds them. */
    @Test
    void randomTimestampsKeepTheirMicroseconds() throws Exception {
        Random random = new Random(7);
        long min = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        try (Connection binary = DriverManager.getConnection(url(BINARY));
             PreparedStatement select = binary.prepareStatement("select ?::timestamptz")) {
            for (int i = 0; i < 500; i++) {
                Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                        random.nextInt(1_000_000_000)).truncatedTo(ChronoUnit.MICROS);
                TimestampText.bind(select, 1, instant);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertThat(BinaryValues.timestamp(rs.getBytes(1))).as("%s", instant).isEqualTo(instant);
                }
            }
        }
    }

    @Test
    void uuidsReadAsTheDriverReadsThem() throws Exception {
        List<UUID> ids = new ArrayList<>(List.of(new UUID(0, 0), new UUID(-1, -1), new UUID(Long.MIN_VALUE, 1)));
        Random random = new Random(11);
        for (int i = 0; i < 50; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        try (Connection binary = DriverManager.getConnection(url(BINARY));
             PreparedStatement select = binary.prepareStatement("select ?::uuid")) {
            for (UUID id : ids) {
                select.setObject(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertThat(BinaryValues.isBinary(rs, 1)).isTrue();
                    assertThat(BinaryValues.uuid(rs.getBytes(1))).isEqualTo(id);
                }
            }
        }
    }

    @Test
    void refusesBytesOfAnotherLength() {
        assertThatThrownBy(() -> BinaryValues.timestamp(new byte[4])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryValues.uuid(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }
}

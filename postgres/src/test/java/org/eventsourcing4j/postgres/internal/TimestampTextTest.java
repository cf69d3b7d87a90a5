package org.eventsourcing4j.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampTextTest {

    @Test
    void formatsUtcWithMicroseconds() {
        assertThat(TimestampText.format(Instant.parse("2026-11-28T06:01:02.345678Z")))
                .isEqualTo("2026-11-28 06:01:02.345678+00");
        assertThat(TimestampText.format(Instant.parse("0001-01-01T00:00:00Z")))
                .isEqualTo("0001-01-01 00:00:00.000000+00");
        assertThat(TimestampText.format(Instant.parse("9999-12-31T23:59:59.999999Z")))
                .isEqualTo("9999-12-31 23:59:59.999999+00");
        assertThat(TimestampText.format(Instant.parse("1969-12-31T23:59:59.000001Z")))
                .isEqualTo("1969-12-31 23:59:59.000001+00");
    }

    @Test
    void leavesYearsOutsideOneTo9999ToTheDriver() {
        assertThat(TimestampText.format(Instant.parse("0000-12-31T23:59:59Z"))).isNull();
        assertThat(TimestampText.format(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
    }

    /** PostgreSQL reads back the very instant, for seeded random instants and both binding paths. */
    @Test
    void theServerReadsTheSameInstant() throws Exception {
        Random random = new Random(42);
        long min = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        try (Connection connection = DriverManager.getConnection(
                System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL", "jdbc:postgresql://localhost:5432/test?user=postgres"));
             PreparedStatement select = connection.prepareStatement("select ?::timestamptz")) {
            for (int i = 0; i < 300; i++) {
                Instant instant = i == 0 ? Instant.parse("+10000-06-01T12:00:00.5Z")
                        : Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)), random.nextInt(1_000_000_000))
                        .truncatedTo(ChronoUnit.MICROS);
                TimestampText.bind(select, 1, instant);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).as("%s", instant).isEqualTo(instant);
                }
            }
        }
    }
}

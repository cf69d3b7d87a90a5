package org.eventsourcing4j.internal.json;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** The limits below are PostgreSQL 15's, measured: {@code '{"a": <n>}'::jsonb} accepts or refuses each. */
class JsonPayloadNumberRangeTest {

    @Test
    void accepts_numbers_postgresql_jsonb_accepts() {
        for (String n : new String[] {"0", "-0", "12", "-1.5", "1E+5", "1e-16383", "0e-16383", "123e-16382",
                "0.00001e-16378", "1e131071", "9.99e131071", "10e131070", "-1e131071", "0e200000", "1e16383"}) {
            assertThatCode(() -> validate(n)).as(n).doesNotThrowAnyException();
        }
    }

    @Test
    void refuses_numbers_postgresql_jsonb_refuses() {
        for (String n : new String[] {"1e131072", "100e131070", "1.0e-16383", "0e-16384", "0.0e-16383",
                "1e-16384", "0.00001e-16379", "1e1000000", "1e-9999999999", "0e99999999999"}) {
            assertThatThrownBy(() -> validate(n)).as(n).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("out of the range");
        }
    }

    private static void validate(String number) {
        JsonPayload.validate(("{\"a\":" + number + "}").getBytes(StandardCharsets.UTF_8), "event data");
    }
}

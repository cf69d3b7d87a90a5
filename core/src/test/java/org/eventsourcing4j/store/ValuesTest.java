package org.eventsourcing4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void log_positions_order_by_transaction_then_position_and_round_trip_as_text() {
        LogPosition a = new LogPosition(5, 100);
        LogPosition b = new LogPosition(6, 3);
        assertThat(a).isLessThan(b);
        assertThat(LogPosition.of(7)).isLessThan(LogPosition.of(8)).isGreaterThan(LogPosition.START);
        assertThat(LogPosition.parse(a.asString())).isEqualTo(a);
        assertThat(LogPosition.parse("42")).isEqualTo(LogPosition.of(42));
        assertThat(LogPosition.of(42).asString()).isEqualTo("42");
        assertThatThrownBy(() -> LogPosition.parse("x")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void a_stream_category_is_the_part_before_the_first_dash() {
        assertThat(StreamId.of("account-42-x").category()).isEqualTo("account");
        assertThat(StreamId.of("plain").category()).isEqualTo("plain");
    }

    @Test
    void expected_versions_know_which_current_versions_satisfy_them() {
        assertThat(ExpectedVersion.any().isSatisfiedBy(0)).isTrue();
        assertThat(ExpectedVersion.any().isSatisfiedBy(9)).isTrue();
        assertThat(ExpectedVersion.noStream().isSatisfiedBy(0)).isTrue();
        assertThat(ExpectedVersion.noStream().isSatisfiedBy(1)).isFalse();
        assertThat(ExpectedVersion.streamExists().isSatisfiedBy(0)).isFalse();
        assertThat(ExpectedVersion.streamExists().isSatisfiedBy(3)).isTrue();
        assertThat(ExpectedVersion.exactly(3).isSatisfiedBy(3)).isTrue();
        assertThat(ExpectedVersion.exactly(3).isSatisfiedBy(4)).isFalse();
        assertThat(ExpectedVersion.exactly(3)).isEqualTo(ExpectedVersion.exactly(3));
    }

    @Test
    void metadata_is_immutable_and_keeps_header_order() {
        Metadata metadata = Metadata.empty().withCorrelationId("c").withHeader("b", "1").withHeader("a", "2");
        assertThat(metadata.headers().keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> metadata.headers().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(metadata.correlation()).contains("c");
        assertThat(new Metadata(null, null, Map.of()).isEmpty()).isTrue();
    }

    @Test
    void invalid_argument_errors_name_the_argument_and_the_reason() {
        assertThatThrownBy(() -> StreamId.of(" "))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
                    assertThat(e.argument()).isEqualTo("stream id");
                    assertThat(e.reason()).isEqualTo("must not be blank");
                    assertThat(e).hasMessage("invalid stream id: must not be blank");
                    assertThat(e.isRetryable()).isFalse();
                });
    }
}

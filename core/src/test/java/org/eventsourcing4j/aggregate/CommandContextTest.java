package org.eventsourcing4j.aggregate;

import org.eventsourcing4j.store.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Metadata;
import org.junit.jupiter.api.Test;

class CommandContextTest {

    @Test
    void a_command_starts_a_conversation_or_joins_one() {
        assertThat(CommandContext.command("cmd-1").metadata()).isEqualTo(new Metadata("cmd-1", "cmd-1", Map.of()));
        assertThat(CommandContext.command("cmd-2", "conv-1").withHeader("user", "ann").metadata())
                .isEqualTo(new Metadata("conv-1", "cmd-2", Map.of("user", "ann")));
        Metadata fresh = CommandContext.newCommand().metadata();
        assertThat(fresh.correlationId()).isNotNull().isEqualTo(fresh.causationId());
        assertThat(CommandContext.NONE.metadata().isEmpty()).isTrue();
    }

    @Test
    void ids_are_required_and_validated() {
        assertThatThrownBy(() -> CommandContext.command(null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> CommandContext.command("cmd", null)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> CommandContext.command(" ")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new CommandContext(null)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void retry_policies_are_validated_and_pauses_stay_under_the_cap() {
        assertThatThrownBy(() -> RetryPolicy.attempts(0)).isInstanceOf(InvalidArgumentException.class);
        RetryPolicy policy = new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(8));
        for (int attempt = 2; attempt <= 20; attempt++) {
            assertThat(policy.backoffBefore(attempt)).isBetween(Duration.ZERO, Duration.ofMillis(8));
        }
        assertThat(RetryPolicy.noRetry().backoffBefore(2)).isZero();
    }
}

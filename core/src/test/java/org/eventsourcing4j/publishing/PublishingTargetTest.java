package org.eventsourcing4j.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint rule of the broker target, with a sender whose acknowledgements the test
 * completes by hand, in any order: the rule must not depend on a broker's timing.
 */
class PublishingTargetTest {
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final ScriptedSender sender = new ScriptedSender();
    private final PublishingTarget target = new PublishingTarget("p", sender, checkpoints, Duration.ofSeconds(5),
            new HealthTracker(Clock.systemUTC()));
    private final List<RecordedEvent> page = List.of(event(1), event(2), event(3), event(4), event(5));

    @Test
    void the_checkpoint_never_passes_an_unacknowledged_event_though_later_ones_were_acknowledged() {
        sender.outcomes.put(3, new BrokerUnavailableException("lost", null));
        assertThatThrownBy(() -> target.commit(page, LogPosition.START, LogPosition.of(5)))
                .isInstanceOf(BrokerUnavailableException.class);
        assertThat(checkpoints.load("p")).isEqualTo(LogPosition.START);
        assertThat(sender.resets).isEqualTo(1);

        // The runner retries the page from the same checkpoint: only what was not acknowledged goes again.
        sender.outcomes.clear();
        sender.sent.clear();
        assertThat(target.commit(page, LogPosition.START, LogPosition.of(5))).isTrue();
        assertThat(sender.sent).containsExactly(3L, 4L, 5L);
        assertThat(checkpoints.load("p")).isEqualTo(LogPosition.of(5));
    }

    @Test
    void a_refused_event_moves_the_checkpoint_past_the_acknowledged_prefix_and_is_not_retryable() {
        sender.outcomes.put(4, new MessageRejectedException("too large", null));
        assertThatThrownBy(() -> target.commit(page, LogPosition.START, LogPosition.of(5)))
                .isInstanceOf(MessageRejectedException.class)
                .satisfies(e -> assertThat(((EventSourcingException) e).isRetryable()).isFalse());
        assertThat(checkpoints.load("p")).isEqualTo(LogPosition.of(3));
    }

    @Test
    void nothing_is_sent_after_a_send_that_could_not_start() {
        sender.refuseAtSend = 2;
        assertThatThrownBy(() -> target.commit(page, LogPosition.START, LogPosition.of(5)))
                .isInstanceOf(MessageRejectedException.class);
        assertThat(sender.sent).containsExactly(1L, 2L);
        assertThat(checkpoints.load("p")).isEqualTo(LogPosition.of(1));
    }

    @Test
    void a_fenced_off_instance_sends_nothing() {
        checkpoints.compareAndSet("p", LogPosition.START, LogPosition.of(2));
        assertThat(target.commit(page, LogPosition.START, LogPosition.of(5))).isFalse();
        assertThat(sender.sent).isEmpty();
    }

    private static RecordedEvent event(long position) {
        return new RecordedEvent(UUID.randomUUID(), "E", StreamId.of("s"), position, LogPosition.of(position),
                Instant.parse("2026-03-01T09:00:00Z"), 1, "{}".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
    }

    /** Acknowledges the page's sends in reverse order (the last first), failing those it is told to. */
    private static final class ScriptedSender implements MessageSender {
        final Map<Integer, RuntimeException> outcomes = new HashMap<>();
        final List<Long> sent = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();
        int refuseAtSend = -1;
        int resets;

        @Override
        public CompletableFuture<?> send(RecordedEvent event) {
            sent.add(event.position());
            if (event.position() == refuseAtSend) {
                pending.forEach(Runnable::run);
                pending.clear();
                return CompletableFuture.failedFuture(new MessageRejectedException("cannot start", null));
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            RuntimeException failure = outcomes.get((int) event.position());
            pending.add(0, () -> {
                if (failure == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(failure);
                }
            });
            if (event.position() == 5) {
                pending.forEach(Runnable::run); // the last send of the page: answer all, latest first
                pending.clear();
            }
            return ack;
        }

        @Override
        public EventSourcingException classify(Throwable failure, RecordedEvent event) {
            return (EventSourcingException) failure;
        }

        @Override
        public void reset() {
            resets++;
            pending.clear();
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }
}

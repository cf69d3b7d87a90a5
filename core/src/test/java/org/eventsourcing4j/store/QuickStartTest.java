package org.eventsourcing4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run by the build. Keep the two in step. */
class QuickStartTest {

    @Test
    void quick_start() {
        // --- README quick start begins
        EventStore store = new InMemoryEventStore();
        StreamId account = StreamId.of("account-42");

        store.append(account, ExpectedVersion.noStream(),
                EventData.of("AccountCreated", "{\"email\":\"ada@example.com\",\"name\":\"Ada\"}"),
                EventData.of("MoneyDeposited", "{\"amount\":\"100.00\",\"currency\":\"USD\"}"));

        try (Stream<RecordedEvent> events = store.readStream(account)) {
            events.forEach(e -> System.out.println(e.version() + " " + e.type() + " " + e.dataAsString()));
        }

        // A writer that decided on stale state gets a typed, retryable conflict:
        try {
            store.append(account, ExpectedVersion.exactly(1),
                    EventData.of("MoneyWithdrawn", "{\"amount\":\"30.00\",\"currency\":\"USD\"}"));
        } catch (ConcurrencyConflictException e) {
            System.out.println("stream is at version " + e.actualVersion() + ", reload and decide again");
        }
        // --- README quick start ends

        try (Stream<RecordedEvent> events = store.readStream(account)) {
            assertThat(events.map(RecordedEvent::type).toList()).isEqualTo(List.of("AccountCreated", "MoneyDeposited"));
        }
        assertThatThrownBy(() -> store.append(account, ExpectedVersion.exactly(1),
                EventData.of("MoneyWithdrawn", "{\"amount\":\"30.00\"}")))
                .isInstanceOfSatisfying(ConcurrencyConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(2));
    }
}

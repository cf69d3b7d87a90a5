package org.eventsourcing4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.eventsourcing4j.spring.boot.Projections;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An append inside a Spring transaction commits or rolls back with the transaction's JDBC
 * write, and a running projection sees exactly the committed events; on each SQL store.
 */
abstract class TransactionContract {

    /** A context on the store's database, with {@link Orders}. */
    protected abstract ApplicationContextRunner context();

    @Test
    void a_committed_transaction_keeps_the_row_and_the_event_and_the_projection_applies_it() {
        context().run(context -> {
            assertThat(context).hasNotFailed();
            Orders.OrderService orders = context.getBean(Orders.OrderService.class);
            AppendResult placed = orders.place("1", false);
            assertThat(orders.hasRow("1")).isTrue();
            assertThat(context.getBean(EventStore.class).currentVersion(StreamId.of("order-1"))).isEqualTo(1);
            assertThat(context.getBean(Projections.class).get(Orders.PROJECTION)
                    .awaitProcessed(placed.lastPosition(), Duration.ofSeconds(30))).isTrue();
            assertThat(orders.viewStreams()).containsExactly("order-1");
        });
    }

    @RepeatedTest(3)
    void a_rolled_back_transaction_leaves_neither_row_nor_event_and_no_projection_sees_one() {
        context().run(context -> {
            assertThat(context).hasNotFailed();
            Orders.OrderService orders = context.getBean(Orders.OrderService.class);
            assertThatThrownBy(() -> orders.place("2", true)).hasMessageContaining("fails after its writes");
            assertThat(orders.hasRow("2")).isFalse();
            EventStore store = context.getBean(EventStore.class);
            assertThat(store.currentVersion(StreamId.of("order-2"))).isZero();

            // A later commit: once the projection has applied it, it has passed where order 2 would be.
            AppendResult later = orders.place("3", false);
            assertThat(context.getBean(Projections.class).get(Orders.PROJECTION)
                    .awaitProcessed(later.lastPosition(), Duration.ofSeconds(30))).isTrue();
            assertThat(orders.viewStreams()).containsExactly("order-3");
            assertThat(context.getBean(Orders.Seen.class).streams).containsExactly("order-3");
        });
    }

    @Test
    void outside_a_transaction_an_append_commits_on_its_own() {
        context().run(context -> {
            EventStore store = context.getBean(EventStore.class);
            AppendResult appended = store.append(org.eventsourcing4j.store.AppendBatch.of(StreamId.of("order-9"),
                    org.eventsourcing4j.store.ExpectedVersion.noStream(),
                    org.eventsourcing4j.store.EventData.of("OrderPlaced", "{}")));
            assertThat(context.getBean(Projections.class).get(Orders.PROJECTION)
                    .awaitProcessed(appended.lastPosition(), Duration.ofSeconds(30))).isTrue();
            assertThat(context.getBean(Orders.OrderService.class).viewStreams()).containsExactly("order-9");
        });
    }
}

package org.eventsourcing4j.spring.boot.docs;

// --- docs/spring-boot.md snippet begins
import java.sql.PreparedStatement;
import java.time.Duration;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.aggregate.AggregateRoot;
import org.eventsourcing4j.aggregate.AggregateType;
import org.eventsourcing4j.aggregate.EventHandlers;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.spring.boot.EventTypes;
import org.eventsourcing4j.spring.boot.Projections;
import org.eventsourcing4j.spring.boot.Repositories;
import org.eventsourcing4j.store.AppendResult;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** An order aggregate, its events, a read model of totals, and a service whose commands are transactional. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class OrdersApplication {

    public sealed interface OrderEvent permits OrderPlaced {
    }

    public record OrderPlaced(String customer, long cents) implements OrderEvent {
    }

    public static final class Order extends AggregateRoot<OrderEvent> {
        public static final AggregateType<Order, OrderEvent> TYPE = AggregateType.of("order", OrderEvent.class, Order::new);
        private static final EventHandlers<Order, OrderEvent> HANDLERS = EventHandlers.builder(Order.class, OrderEvent.class)
                .on(OrderPlaced.class, (order, placed) -> order.placed = true)
                .build();
        private boolean placed;

        Order(String id) {
            super(id);
        }

        void place(String customer, long cents) {
            if (placed) {
                throw new IllegalStateException("order " + id() + " is placed already");
            }
            raise(new OrderPlaced(customer, cents));
        }

        @Override
        protected void apply(OrderEvent event) {
            HANDLERS.apply(this, event);
        }
    }

    /** Stored type names are explicit; no class names, no scanning. */
    @Bean
    EventTypes orderEvents() {
        return types -> types.register(OrderPlaced.class, "OrderPlaced");
    }

    @Bean
    AggregateRepository<Order, OrderEvent> orders(Repositories repositories) {
        return repositories.create(Order.TYPE);
    }

    /** A read model in the events' database: its rows and its checkpoint commit together (exactly once). */
    @Bean
    JdbcProjection customerTotals(JdbcEventStore store, EventCodec codec) {
        store.useTransaction(c -> {
            c.createStatement().execute("create table if not exists audit (what text not null)");
            c.createStatement().execute(
                    "create table if not exists customer_totals (customer text primary key, cents bigint not null)");
        });
        return JdbcProjection.of("customer_totals", (event, connection) -> {
            OrderPlaced placed = (OrderPlaced) codec.decode(event).get(0);
            try (PreparedStatement upsert = connection.prepareStatement("insert into customer_totals values (?, ?)"
                    + " on conflict (customer) do update set cents = customer_totals.cents + excluded.cents")) {
                upsert.setString(1, placed.customer());
                upsert.setLong(2, placed.cents());
                upsert.executeUpdate();
            }
        });
    }

    @Bean
    OrderService orderService(AggregateRepository<Order, OrderEvent> orders, JdbcTemplate jdbc, Projections projections) {
        return new OrderService(orders, jdbc, projections);
    }

    public static class OrderService {
        private final AggregateRepository<Order, OrderEvent> orders;
        private final JdbcTemplate jdbc;
        private final Projections projections;

        OrderService(AggregateRepository<Order, OrderEvent> orders, JdbcTemplate jdbc, Projections projections) {
            this.orders = orders;
            this.jdbc = jdbc;
            this.projections = projections;
        }

        /** The event and the audit row commit together, or neither does. */
        @Transactional
        public AppendResult place(String id, String customer, long cents) {
            Order order = new Order(id);
            order.place(customer, cents);
            AppendResult appended = orders.save(order).orElseThrow();
            jdbc.update("insert into audit (what) values (?)", "placed " + id);
            return appended;
        }

        /** Read-your-writes: wait until the read model has the command's events. */
        public long totalOf(String customer, AppendResult after) throws InterruptedException {
            projections.get("customer_totals").awaitProcessed(after.lastPosition(), Duration.ofSeconds(10));
            return jdbc.queryForObject("select cents from customer_totals where customer = ?", Long.class, customer);
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
// --- docs/spring-boot.md snippet ends

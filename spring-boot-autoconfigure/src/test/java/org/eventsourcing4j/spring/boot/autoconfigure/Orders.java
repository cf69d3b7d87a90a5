package org.eventsourcing4j.spring.boot.autoconfigure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A small application for the tests: placing an order writes a row with JDBC and appends an
 * event, in one Spring transaction; the {@code order_view} projection records every event it
 * applies (in its table, and in memory for the assertions).
 */
@Configuration(proxyBeanMethods = false)
class Orders {
    static final String PROJECTION = "order_view";

    /** Every stream the projection applied an event of, in order. */
    static final class Seen {
        final List<String> streams = new CopyOnWriteArrayList<>();
    }

    @Bean
    Seen seen() {
        return new Seen();
    }

    @Bean
    JdbcProjection orderView(JdbcEventStore store, Seen seen) {
        store.useTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table if not exists orders (id text primary key)");
                statement.execute("create table if not exists order_view (event_id text primary key, stream text not null)");
            }
        });
        return JdbcProjection.of(PROJECTION, (event, connection) -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into order_view (event_id, stream) values (?, ?)")) {
                insert.setString(1, event.eventId().toString());
                insert.setString(2, event.streamId().value());
                insert.executeUpdate();
            }
            seen.streams.add(event.streamId().value());
        });
    }

    @Bean
    OrderService orderService(TransactionTemplate transactions, DataSource dataSource, EventStore store) {
        return new OrderService(transactions, new JdbcTemplate(dataSource), store);
    }

    /** Places orders: a JDBC write and an append in one transaction, which fails on request after both. */
    record OrderService(TransactionTemplate transactions, JdbcTemplate jdbc, EventStore store) {
        AppendResult place(String id, boolean failAfterWriting) {
            return transactions.execute(status -> {
                jdbc.update("insert into orders (id) values (?)", id);
                AppendResult result = store.append(StreamId.of("order-" + id), ExpectedVersion.noStream(),
                        EventData.of("OrderPlaced", "{\"id\":\"" + id + "\"}"));
                if (failAfterWriting) {
                    throw new IllegalStateException("the order " + id + " fails after its writes");
                }
                return result;
            });
        }

        boolean hasRow(String id) {
            return jdbc.queryForObject("select count(*) from orders where id = ?", Integer.class, id) == 1;
        }

        List<String> viewStreams() {
            return jdbc.queryForList("select stream from order_view order by stream", String.class);
        }
    }

    static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}

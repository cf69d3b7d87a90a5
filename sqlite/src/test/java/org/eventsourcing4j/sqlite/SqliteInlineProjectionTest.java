package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.eventsourcing4j.jdbc.InlineProjection;
import org.eventsourcing4j.jdbc.InlineProjectionException;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read model updated inside the append transaction: never behind, and its failure rolls the append back. */
class SqliteInlineProjectionTest {
    @TempDir
    Path directory;
    private SqliteEventStore store;

    @BeforeEach
    void open() throws Exception {
        store = SqliteEventStore.open(directory.resolve("events.db"));
        store.inTransaction(c -> {
            try (PreparedStatement create = c.prepareStatement(
                    "create table counts (stream_id text primary key, events integer not null)")) {
                create.execute();
            }
            return null;
        });
        store.addInlineProjection(new InlineProjection("counts", (event, c) -> {
            if (event.type().equals("Refused")) {
                throw new IllegalStateException("the read model refuses " + event.type());
            }
            try (PreparedStatement upsert = c.prepareStatement("insert into counts values (?, 1)"
                    + " on conflict (stream_id) do update set events = events + 1")) {
                upsert.setString(1, event.streamId().value());
                upsert.executeUpdate();
            }
        }));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private int count(String stream) throws Exception {
        return store.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select events from counts where stream_id = ?")) {
                select.setString(1, stream);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getInt(1) : 0;
                }
            }
        });
    }

    @Test
    void the_read_model_is_updated_in_the_append_transaction() throws Exception {
        store.append(StreamId.of("acc-1"), ExpectedVersion.noStream(),
                List.of(EventData.of("E", "{}"), EventData.of("E", "{}")));
        store.append(StreamId.of("acc-2"), ExpectedVersion.noStream(), EventData.of("E", "{}"));
        assertThat(count("acc-1")).isEqualTo(2);
        assertThat(count("acc-2")).isEqualTo(1);
    }

    @Test
    void a_failing_inline_projection_rolls_the_whole_append_back() throws Exception {
        store.append(StreamId.of("acc-1"), ExpectedVersion.noStream(), EventData.of("E", "{}"));

        assertThatThrownBy(() -> store.append(StreamId.of("acc-1"), ExpectedVersion.exactly(1),
                List.of(EventData.of("E", "{}"), EventData.of("Refused", "{}"))))
                .isInstanceOfSatisfying(InlineProjectionException.class, e -> {
                    assertThat(e.projection()).isEqualTo("counts");
                    assertThat(e).hasMessageContaining("Refused at acc-1@3").hasMessageContaining("rolled back");
                });

        assertThat(store.currentVersion(StreamId.of("acc-1"))).isEqualTo(1);
        assertThat(store.readAll(LogPosition.START, 10).events()).hasSize(1);
        assertThat(count("acc-1")).isEqualTo(1);
        store.append(StreamId.of("acc-1"), ExpectedVersion.exactly(1), EventData.of("E", "{}"));
        assertThat(count("acc-1")).isEqualTo(2);
    }

    @Test
    void appends_through_the_store_notify_listeners() {
        int[] calls = {0};
        Registration registration = store.onAppend(() -> calls[0]++).orElseThrow();
        store.append(StreamId.of("acc-1"), ExpectedVersion.any(), EventData.of("E", "{}"));
        registration.close();
        store.append(StreamId.of("acc-1"), ExpectedVersion.any(), EventData.of("E", "{}"));
        assertThat(calls[0]).isEqualTo(1);
    }
}

package org.eventsourcing4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.serialization.TestEvents.stored;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.serialization.TestEvents.DeliveryBooked;
import org.eventsourcing4j.serialization.TestEvents.ItemAdded;
import org.eventsourcing4j.serialization.TestEvents.ItemRemoved;
import org.eventsourcing4j.serialization.TestEvents.Priced;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.junit.jupiter.api.Test;

class JacksonEventCodecTest {

    private final EventTypeRegistry registry = EventTypeRegistry.builder()
            .register(ItemAdded.class, "ItemAdded", 2)
            .register(DeliveryBooked.class, "DeliveryBooked")
            .register(Priced.class, "Priced")
            .build();
    private final JacksonEventCodec codec = new JacksonEventCodec(registry);

    @Test
    void encodes_the_registered_name_revision_id_and_metadata() {
        UUID id = UUID.randomUUID();
        Metadata metadata = new Metadata("corr-1", "cmd-1", java.util.Map.of("user", "ann"));

        EventData data = codec.encode(new ItemAdded("sku-1", 2, new BigDecimal("9.90")), id, metadata);

        assertThat(data.eventId()).isEqualTo(id);
        assertThat(data.type()).isEqualTo("ItemAdded");
        assertThat(data.revision()).isEqualTo(2);
        assertThat(data.metadata()).isEqualTo(metadata);
        assertThat(data.dataAsString()).isEqualTo("{\"sku\":\"sku-1\",\"quantity\":2,\"price\":9.90}");
    }

    @Test
    void keeps_big_decimals_exact_with_their_scale_and_writes_them_plain() {
        List<BigDecimal> amounts = List.of(new BigDecimal("12345678901234567890.123456789"),
                new BigDecimal("0.10"), new BigDecimal("1E+3"), new BigDecimal("0.000000001"));
        for (BigDecimal amount : amounts) {
            EventData data = codec.encode(new Priced(amount), UUID.randomUUID(), Metadata.EMPTY);

            assertThat(data.dataAsString()).isEqualTo("{\"price\":" + amount.toPlainString() + "}");
            Priced back = (Priced) codec.decode(asStored(data)).get(0);
            assertThat(back.price()).isEqualTo(amount.scale() < 0 ? amount.setScale(0) : amount);
        }
    }

    @Test
    void writes_java_time_values_as_iso_strings_and_reads_them_back() {
        DeliveryBooked event = new DeliveryBooked(LocalDate.of(2026, 2, 28), Instant.parse("2026-02-01T10:15:30.123456Z"));

        EventData data = codec.encode(event, UUID.randomUUID(), Metadata.EMPTY);

        assertThat(data.dataAsString())
                .isEqualTo("{\"day\":\"2026-02-28\",\"bookedAt\":\"2026-02-01T10:15:30.123456Z\"}");
        assertThat(codec.decode(asStored(data))).containsExactly(event);
    }

    @Test
    void writes_only_record_components() {
        EventData data = codec.encode(new Priced(BigDecimal.ZERO), UUID.randomUUID(), Metadata.EMPTY);

        assertThat(data.dataAsString()).isEqualTo("{\"price\":0}");
    }

    @Test
    void refuses_to_write_an_unregistered_class() {
        assertThatThrownBy(() -> codec.encode(new ItemRemoved("sku-1"), UUID.randomUUID(), Metadata.EMPTY))
                .isInstanceOf(UnregisteredEventClassException.class)
                .hasMessageContaining(ItemRemoved.class.getName());
    }

    @Test
    void an_unregistered_type_on_read_names_stream_version_and_type() {
        RecordedEvent event = stored(4, "ItemRemoved", 1, "{\"sku\":\"sku-1\"}");

        assertThatThrownBy(() -> codec.decode(event))
                .isInstanceOfSatisfying(UnknownEventTypeException.class, e -> {
                    assertThat(e.stream()).isEqualTo(TestEvents.STREAM);
                    assertThat(e.version()).isEqualTo(4);
                    assertThat(e.type()).isEqualTo("ItemRemoved");
                    assertThat(e.unknownType()).isEqualTo("ItemRemoved");
                })
                .hasMessage("cannot read event ItemRemoved r1 at version 4 of stream 'cart-7':"
                        + " type 'ItemRemoved' is not registered");
    }

    @Test
    void malformed_data_fails_with_stream_version_and_type() {
        List<String> malformed = List.of(
                "{\"sku\":\"a\",\"quantity\":1,\"price\":1.0,\"colour\":\"red\"}", // unknown property
                "{\"sku\":\"a\",\"price\":1.0}", // missing component
                "{\"sku\":\"a\",\"quantity\":null,\"price\":1.0}", // null for a primitive
                "{\"sku\":\"a\",\"quantity\":1.5,\"price\":1.0}", // float for an int
                "{\"sku\":\"a\",\"quantity\":\"1\",\"price\":1.0}", // number in a string
                "{\"sku\":\"a\",\"quantity\":1,\"price\":\"cheap\"}"); // not a number
        for (String json : malformed) {
            assertThatThrownBy(() -> codec.decode(stored(9, "ItemAdded", 2, json)))
                    .as(json)
                    .isExactlyInstanceOf(EventDecodingException.class)
                    .hasMessageStartingWith("cannot read event ItemAdded r2 at version 9 of stream 'cart-7': "
                            + "malformed data for ItemAdded");
        }
    }

    @Test
    void a_revision_without_an_upcaster_or_from_the_future_is_an_error() {
        assertThatThrownBy(() -> codec.decode(stored(1, "ItemAdded", 1, "{\"sku\":\"a\"}")))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("no upcaster reads ItemAdded r1 and the current revision is r2");
        assertThatThrownBy(() -> codec.decode(stored(1, "ItemAdded", 3, "{\"sku\":\"a\"}")))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("ItemAdded r3 is newer than the current revision r2");
    }

    @Test
    void decoding_as_a_type_refuses_events_of_another_type() {
        RecordedEvent event = stored(2, "Priced", 1, "{\"price\":1}");

        assertThat(codec.decode(event, Priced.class)).containsExactly(new Priced(BigDecimal.ONE));
        assertThatThrownBy(() -> codec.decode(event, ItemAdded.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("version 2 of stream 'cart-7'")
                .hasMessageContaining("which is not a " + ItemAdded.class.getName());
    }

    private static RecordedEvent asStored(EventData data) {
        return stored(1, data.type(), data.revision(), data.dataAsString());
    }
}

package org.eventsourcing4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventsourcing4j.serialization.TestEvents.stored;

import java.math.BigDecimal;
import java.util.List;
import org.eventsourcing4j.serialization.TestEvents.ItemAdded;
import org.eventsourcing4j.serialization.TestEvents.ItemRemoved;
import org.eventsourcing4j.store.RecordedEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class UpcastingTest {

    /**
     * ItemAdded r1 {@code {"item": ..., "qty": ...}}, r2 renamed item -> sku, r3 added price.
     * "ProductAdded" is its old name. "ItemReplaced" r1 is split into a removal and an addition.
     */
    private final EventTypeRegistry registry = EventTypeRegistry.builder()
            .register(ItemAdded.class, "ItemAdded", 3)
            .register(ItemRemoved.class, "ItemRemoved")
            .upcaster(Upcaster.nextRevision("ItemAdded", 1, UpcastingTest::renameItemToSku))
            .upcaster(Upcaster.nextRevision("ItemAdded", 2, data -> data.put("price", new BigDecimal("0.00"))))
            .upcaster(Upcaster.renamed("ProductAdded", 1, "ItemAdded", 1))
            .upcaster(Upcaster.of("ItemReplaced r1 -> ItemRemoved + ItemAdded", "ItemReplaced", 1, event -> {
                ObjectNode data = event.data();
                ObjectNode removed = data.objectNode().put("sku", data.get("old").asString());
                ObjectNode added = data.objectNode().put("sku", data.get("new").asString())
                        .put("quantity", data.get("quantity").asInt()).set("price", data.get("price"));
                return List.of(new JsonEvent("ItemRemoved", 1, removed), new JsonEvent("ItemAdded", 3, added));
            }))
            .build();
    private final JacksonEventCodec codec = new JacksonEventCodec(registry);

    private static ObjectNode renameItemToSku(ObjectNode data) {
        data.set("sku", data.remove("item"));
        data.set("quantity", data.remove("qty"));
        return data;
    }

    @Test
    void runs_a_chain_of_revisions() {
        RecordedEvent r1 = stored(1, "ItemAdded", 1, "{\"item\":\"sku-1\",\"qty\":3}");

        assertThat(codec.decode(r1)).containsExactly(new ItemAdded("sku-1", 3, new BigDecimal("0.00")));
    }

    @Test
    void starts_the_chain_at_the_stored_revision() {
        RecordedEvent r2 = stored(1, "ItemAdded", 2, "{\"sku\":\"sku-1\",\"quantity\":3}");

        assertThat(codec.decode(r2)).containsExactly(new ItemAdded("sku-1", 3, new BigDecimal("0.00")));
    }

    @Test
    void reads_a_renamed_type_under_its_new_name_and_continues_its_chain() {
        RecordedEvent old = stored(1, "ProductAdded", 1, "{\"item\":\"sku-2\",\"qty\":1}");

        assertThat(codec.decode(old)).containsExactly(new ItemAdded("sku-2", 1, new BigDecimal("0.00")));
    }

    @Test
    void splits_one_stored_event_into_several_in_order_keeping_decimals_exact() {
        RecordedEvent replaced = stored(5, "ItemReplaced", 1,
                "{\"old\":\"sku-1\",\"new\":\"sku-2\",\"quantity\":2,\"price\":98765432109876543.210}");

        assertThat(codec.decode(replaced)).containsExactly(new ItemRemoved("sku-1"),
                new ItemAdded("sku-2", 2, new BigDecimal("98765432109876543.210")));
    }

    @Test
    void never_changes_the_stored_event() {
        String json = "{\"item\":\"sku-1\",\"qty\":3}";
        RecordedEvent r1 = stored(1, "ItemAdded", 1, json);

        codec.decode(r1);

        assertThat(r1.dataAsString()).isEqualTo(json);
        assertThat(r1.revision()).isEqualTo(1);
    }

    @Test
    void an_upcaster_that_throws_is_named_with_the_event() {
        JacksonEventCodec failing = new JacksonEventCodec(EventTypeRegistry.builder()
                .register(ItemRemoved.class, "ItemRemoved", 2)
                .upcaster(Upcaster.nextRevision("ItemRemoved", 1, data -> {
                    throw new IllegalStateException("no sku in " + data);
                }))
                .build());

        assertThatThrownBy(() -> failing.decode(stored(7, "ItemRemoved", 1, "{}")))
                .isInstanceOfSatisfying(UpcastingException.class, e -> {
                    assertThat(e.upcaster()).isEqualTo("ItemRemoved r1 -> r2");
                    assertThat(e.version()).isEqualTo(7);
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                })
                .hasMessageStartingWith("cannot read event ItemRemoved r1 at version 7 of stream 'cart-7':"
                        + " upcaster 'ItemRemoved r1 -> r2' threw java.lang.IllegalStateException: no sku in {}");
    }

    @Test
    void an_upcaster_that_does_not_move_forward_is_an_error() {
        JacksonEventCodec stuck = new JacksonEventCodec(EventTypeRegistry.builder()
                .register(ItemRemoved.class, "ItemRemoved", 2)
                .upcaster(Upcaster.of("stays", "ItemRemoved", 1, event -> List.of(event)))
                .build());

        assertThatThrownBy(() -> stuck.decode(stored(1, "ItemRemoved", 1, "{\"sku\":\"a\"}")))
                .isInstanceOf(UpcastingException.class)
                .hasMessageContaining("upcaster 'stays' returned ItemRemoved r1 from ItemRemoved r1");
    }

    @Test
    void renames_that_form_a_cycle_are_cut_off() {
        JacksonEventCodec cyclic = new JacksonEventCodec(EventTypeRegistry.builder()
                .register(ItemRemoved.class, "ItemRemoved")
                .upcaster(Upcaster.renamed("A", 1, "B", 1))
                .upcaster(Upcaster.renamed("B", 1, "A", 1))
                .build());

        assertThatThrownBy(() -> cyclic.decode(stored(1, "A", 1, "{}")))
                .isInstanceOf(UpcastingException.class)
                .hasMessageContaining("form a cycle");
    }

    @Test
    void an_upcaster_may_lead_to_an_unregistered_type_which_is_named() {
        JacksonEventCodec renamedAway = new JacksonEventCodec(EventTypeRegistry.builder()
                .register(ItemRemoved.class, "ItemRemoved")
                .upcaster(Upcaster.renamed("Gone", 1, "StillGone", 1))
                .build());

        assertThatThrownBy(() -> renamedAway.decode(stored(3, "Gone", 1, "{}")))
                .isInstanceOfSatisfying(UnknownEventTypeException.class,
                        e -> assertThat(e.unknownType()).isEqualTo("StillGone"))
                .hasMessageContaining("upcasting led to type 'StillGone'");
    }
}

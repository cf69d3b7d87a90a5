package org.eventsourcing4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eventsourcing4j.serialization.TestEvents.ItemAdded;
import org.eventsourcing4j.serialization.TestEvents.ItemRemoved;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class EventTypeRegistryTest {

    @Test
    void maps_classes_to_stable_names_and_current_revisions() {
        EventTypeRegistry registry = EventTypeRegistry.builder()
                .register(ItemAdded.class, "cart.ItemAdded", 3)
                .register(ItemRemoved.class, "cart.ItemRemoved")
                .build();

        assertThat(registry.typeOf(ItemAdded.class)).isEqualTo(new EventType(ItemAdded.class, "cart.ItemAdded", 3));
        assertThat(registry.typeOf(ItemRemoved.class).revision()).isEqualTo(1);
        assertThat(registry.typeNamed("cart.ItemRemoved")).map(EventType::eventClass).contains(ItemRemoved.class);
        assertThat(registry.typeNamed("ItemRemoved")).isEmpty();
        assertThat(registry.typeNamesOf(Record.class)).containsExactly("cart.ItemAdded", "cart.ItemRemoved");
    }

    @Test
    void rejects_a_name_registered_twice() {
        EventTypeRegistry.Builder builder = EventTypeRegistry.builder().register(ItemAdded.class, "Item");

        assertThatThrownBy(() -> builder.register(ItemRemoved.class, "Item"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("'Item' is already registered for " + ItemAdded.class.getName());
    }

    @Test
    void rejects_a_class_registered_twice() {
        EventTypeRegistry.Builder builder = EventTypeRegistry.builder().register(ItemAdded.class, "ItemAdded");

        assertThatThrownBy(() -> builder.register(ItemAdded.class, "ItemAddedAgain"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("already registered as 'ItemAdded'");
    }

    @Test
    void rejects_classes_that_are_not_records_and_invalid_names_or_revisions() {
        EventTypeRegistry.Builder builder = EventTypeRegistry.builder();

        assertThatThrownBy(() -> builder.register(String.class, "Text"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is not a record");
        assertThatThrownBy(() -> builder.register(ItemAdded.class, " padded "))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("event type name");
        assertThatThrownBy(() -> builder.register(ItemAdded.class, "ItemAdded", 0))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("revision");
    }

    @Test
    void an_unregistered_class_is_a_clear_error() {
        EventTypeRegistry registry = EventTypeRegistry.builder().register(ItemAdded.class, "ItemAdded").build();

        assertThatThrownBy(() -> registry.typeOf(ItemRemoved.class))
                .isInstanceOf(UnregisteredEventClassException.class)
                .hasMessageContaining(ItemRemoved.class.getName() + " is not registered");
    }

    @Test
    void rejects_two_upcasters_for_one_revision_and_upcasters_from_the_current_revision() {
        EventTypeRegistry.Builder builder = EventTypeRegistry.builder()
                .register(ItemAdded.class, "ItemAdded", 2)
                .upcaster(Upcaster.nextRevision("ItemAdded", 1, data -> data));

        assertThatThrownBy(() -> builder.upcaster(Upcaster.renamed("ItemAdded", 1, "Other", 1)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("both read ItemAdded r1");
        builder.upcaster(Upcaster.nextRevision("ItemAdded", 2, data -> data));
        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("'ItemAdded r2 -> r3' reads ItemAdded r2, but r2 is the current revision");
    }
}

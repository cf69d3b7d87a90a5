package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.store.EventStore;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

    @Test
    void core_exports_its_api_and_keeps_its_internal_packages_to_itself() {
        ModuleDescriptor core = ModuleDescriptors.of(EventStore.class);
        ModuleDescriptors.assertHidesInternals(EventStore.class, "org.eventsourcing4j.core");
        assertThat(ModuleDescriptors.unqualifiedExports(core)).contains("org.eventsourcing4j.store",
                "org.eventsourcing4j.projection", "org.eventsourcing4j.aggregate", "org.eventsourcing4j.support",
                "org.eventsourcing4j.store.spi", "org.eventsourcing4j.store.dcb", "org.eventsourcing4j.publishing",
                "org.eventsourcing4j.shredding")
                .doesNotContain("org.eventsourcing4j.internal.json", "org.eventsourcing4j.snapshot.internal");
        assertThat(core.exports()).filteredOn(e -> e.source().equals("org.eventsourcing4j.aggregate.internal"))
                .singleElement().satisfies(e -> assertThat(e.targets()).containsExactly("org.eventsourcing4j.testkit"));
    }

    @Test
    void jdbc_and_testkit_are_modules_of_their_own() {
        ModuleDescriptors.assertHidesInternals(Jdbc.class, "org.eventsourcing4j.jdbc");
        ModuleDescriptors.assertHidesInternals(ModuleDescriptors.class, "org.eventsourcing4j.testkit");
        assertThat(ModuleDescriptors.of(Jdbc.class).requires()).extracting(ModuleDescriptor.Requires::name)
                .contains("org.eventsourcing4j.core", "java.sql").doesNotContain("org.postgresql.jdbc");
        assertThat(ModuleDescriptors.unqualifiedExports(ModuleDescriptors.of(ModuleDescriptors.class))).contains(
                "org.eventsourcing4j.testkit", "org.eventsourcing4j.testkit.postgres",
                "org.eventsourcing4j.testkit.publishing");
    }

    @Test
    void the_check_fails_a_module_that_exports_an_internal_package() {
        ModuleDescriptor leaky = ModuleDescriptor.newModule("leaky").exports("a.b").exports("a.b.internal").build();
        assertThatThrownBy(() -> ModuleDescriptors.assertHidesInternals(leaky)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("a.b.internal");
    }
}

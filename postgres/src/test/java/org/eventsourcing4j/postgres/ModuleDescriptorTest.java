package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.eventsourcing4j.testkit.ModuleDescriptors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

    @Test
    void exports_the_store_and_hides_its_internals() {
        ModuleDescriptors.assertHidesInternals(PostgresEventStore.class, "org.eventsourcing4j.postgres");
        assertThat(ModuleDescriptors.unqualifiedExports(ModuleDescriptors.of(PostgresEventStore.class)))
                .containsExactly("org.eventsourcing4j.postgres");
    }
}

package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import org.eventsourcing4j.testkit.ModuleDescriptors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

    @Test
    void exports_the_store_and_hides_its_internals() {
        ModuleDescriptors.assertHidesInternals(SqliteEventStore.class, "org.eventsourcing4j.sqlite");
        assertThat(ModuleDescriptors.unqualifiedExports(ModuleDescriptors.of(SqliteEventStore.class)))
                .containsExactly("org.eventsourcing4j.sqlite");
    }
}

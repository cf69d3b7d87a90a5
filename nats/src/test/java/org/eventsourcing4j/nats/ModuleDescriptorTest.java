package org.eventsourcing4j.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.eventsourcing4j.testkit.ModuleDescriptors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

    @Test
    void exports_the_connector_and_passes_on_core_and_the_nats_client() {
        ModuleDescriptors.assertHidesInternals(NatsPublisher.class, "org.eventsourcing4j.nats");
        ModuleDescriptor nats = ModuleDescriptors.of(NatsPublisher.class);
        assertThat(ModuleDescriptors.unqualifiedExports(nats)).containsExactly("org.eventsourcing4j.nats");
        assertThat(nats.requires()).filteredOn(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .extracting(ModuleDescriptor.Requires::name)
                .contains("org.eventsourcing4j.core", "io.nats.jnats")
                .doesNotContain("org.eventsourcing4j.jdbc");
    }
}

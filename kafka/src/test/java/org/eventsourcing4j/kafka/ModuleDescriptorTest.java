package org.eventsourcing4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.eventsourcing4j.testkit.ModuleDescriptors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

    @Test
    void exports_the_connector_and_passes_on_core_and_the_kafka_client() {
        ModuleDescriptors.assertHidesInternals(KafkaPublisher.class, "org.eventsourcing4j.kafka");
        ModuleDescriptor kafka = ModuleDescriptors.of(KafkaPublisher.class);
        assertThat(ModuleDescriptors.unqualifiedExports(kafka)).containsExactly("org.eventsourcing4j.kafka");
        assertThat(kafka.requires()).filteredOn(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .extracting(ModuleDescriptor.Requires::name)
                .contains("org.eventsourcing4j.core", "kafka.clients")
                .doesNotContain("org.eventsourcing4j.jdbc");
    }
}

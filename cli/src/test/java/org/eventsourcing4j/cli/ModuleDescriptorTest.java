package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.eventsourcing4j.testkit.ModuleDescriptors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

    @Test
    void exports_the_command_line_and_the_console_and_keeps_its_internals_to_itself() {
        ModuleDescriptors.assertHidesInternals(Es4j.class, "org.eventsourcing4j.cli");
        ModuleDescriptor descriptor = ModuleDescriptors.of(Es4j.class);
        assertThat(ModuleDescriptors.unqualifiedExports(descriptor))
                .containsExactlyInAnyOrder("org.eventsourcing4j.cli", "org.eventsourcing4j.console");
        assertThat(descriptor.opens()).singleElement().satisfies(open -> {
            assertThat(open.source()).isEqualTo("org.eventsourcing4j.cli.internal");
            assertThat(open.targets()).containsExactly("info.picocli");
        });
        assertThat(descriptor.requires()).filteredOn(r -> r.name().equals("org.eventsourcing4j.postgres"))
                .singleElement().satisfies(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC));
        assertThat(descriptor.uses()).contains("org.eventsourcing4j.console.ConsoleExtension");
    }
}

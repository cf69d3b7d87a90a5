package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a library module's descriptor as the build produced it: what it exports, and that
 * none of its {@code internal} packages is exported to everyone. Tests run on the class
 * path, so the descriptor is read from the {@code module-info.class} beside the classes.
 */
public final class ModuleDescriptors {
    private ModuleDescriptors() {
    }

    /** The descriptor of the module {@code member} belongs to, read from its class path root. */
    public static ModuleDescriptor of(Class<?> member) {
        String resource = "/module-info.class";
        String classFile = "/" + member.getName().replace('.', '/') + ".class";
        String location = member.getResource(classFile).toString();
        String root = location.substring(0, location.length() - classFile.length());
        try (InputStream in = java.net.URI.create(root + resource).toURL().openStream()) {
            return ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no module-info.class beside " + location, e);
        }
    }

    /** The packages exported to every module. */
    public static Set<String> unqualifiedExports(ModuleDescriptor descriptor) {
        return descriptor.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
    }

    /** Asserts that the module of {@code member} is named {@code name} and exports no internal package to everyone. */
    public static void assertHidesInternals(Class<?> member, String name) {
        ModuleDescriptor descriptor = of(member);
        assertThat(descriptor.name()).isEqualTo(name);
        assertHidesInternals(descriptor);
    }

    /** Asserts that {@code descriptor} exports something, and no internal package to everyone. */
    public static void assertHidesInternals(ModuleDescriptor descriptor) {
        assertThat(unqualifiedExports(descriptor)).as("packages exported by %s", descriptor.name())
                .isNotEmpty()
                .noneMatch(p -> p.endsWith(".internal") || p.contains(".internal."));
    }
}

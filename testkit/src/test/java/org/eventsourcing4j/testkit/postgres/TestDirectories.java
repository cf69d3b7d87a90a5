package org.eventsourcing4j.testkit.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Parent directories of the tests' own, so a test sees exactly the cluster directories it made. */
final class TestDirectories {
    private TestDirectories() {
    }

    /** A new empty directory the server's OS user can pass through (run as root, that is another user). */
    static Path newParent() throws IOException {
        Path parent = Files.createTempDirectory("temporary-postgres-test-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        return parent;
    }

    /** The entries of {@code parent}. */
    static List<Path> entries(Path parent) throws IOException {
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.toList();
        }
    }

    /** Deletes {@code parent} and what the test put there (cluster directories are gone by then). */
    static void delete(Path parent) throws IOException {
        if (Files.exists(parent)) {
            try (Stream<Path> tree = Files.walk(parent)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}

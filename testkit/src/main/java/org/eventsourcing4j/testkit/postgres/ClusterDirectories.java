package org.eventsourcing4j.testkit.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary directories of the clusters: one per cluster ({@code es4j-pg-*}, holding
 * {@code data/}, the server log and an {@code owner} file naming the JVM), removed with their
 * servers by {@link TemporaryCluster#close()}, or by a shutdown hook when a test run ends
 * without closing them, or, when a JVM died without running its hooks (kill -9), by the next
 * JVM that creates a cluster in the same parent directory.
 */
final class ClusterDirectories {
    static final String DATA = "data";
    private static final String PREFIX = "es4j-pg-";
    private static final String OWNER = "owner";
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final Thread HOOK = new Thread(ClusterDirectories::removeLive, "temporary-postgres-cleanup");

    static {
        Runtime.getRuntime().addShutdownHook(HOOK);
    }

    private ClusterDirectories() {
    }

    /** A new cluster directory under {@code parent}, removed at the latest when this JVM exits. */
    static Path create(Path parent) {
        removeAbandoned(parent);
        try {
            Path directory = Files.createTempDirectory(parent, PREFIX).toAbsolutePath();
            LIVE.add(directory);
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(directory.resolve(OWNER), self.pid() + " "
                    + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
            return directory;
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot create a cluster directory in " + parent, e);
        }
    }

    /** Kills the server of {@code directory}, if one runs, and deletes the directory. */
    static void remove(Path directory) {
        Postmaster.kill(directory.resolve(DATA), KILL_TIMEOUT);
        deleteTree(directory);
        LIVE.remove(directory);
    }

    private static void removeLive() {
        for (Path directory : LIVE) {
            try {
                remove(directory);
            } catch (RuntimeException e) {
                System.err.println("could not remove the temporary PostgreSQL cluster " + directory + ": " + e);
            }
        }
    }

    /** Removes the directories (and servers) of JVMs that ended without removing them. */
    private static void removeAbandoned(Path parent) {
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path directory : directories) {
                if (ownerEnded(directory.resolve(OWNER))) {
                    System.err.println("removing a temporary PostgreSQL cluster left by an ended test run: " + directory);
                    remove(directory.toAbsolutePath());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Leftovers of others are not this cluster's concern; the new cluster does not depend on them.
            System.err.println("could not remove temporary PostgreSQL clusters left in " + parent + ": " + e);
        }
    }

    /** Whether the JVM named in {@code ownerFile} has ended; not when that cannot be told. */
    private static boolean ownerEnded(Path ownerFile) throws IOException {
        String[] owner;
        try {
            owner = Files.readString(ownerFile, StandardCharsets.UTF_8).strip().split(" ");
        } catch (NoSuchFileException e) {
            return false; // being created right now, or not ours
        }
        if (owner.length != 2) {
            return false;
        }
        long pid;
        long started;
        try {
            pid = Long.parseLong(owner[0]);
            started = Long.parseLong(owner[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        // The PID may have been reused by another process since: its start time tells.
        Optional<Instant> start = process.get().info().startInstant();
        return started != 0 && start.isPresent() && start.get().toEpochMilli() != started;
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot delete the cluster directory " + directory, e);
        }
    }
}

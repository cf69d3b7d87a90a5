package org.eventsourcing4j.testkit.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The directory of the PostgreSQL server binaries, and each binary in it. */
final class PostgresBinaries {
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

    private final Path directory;
    private final String foundBy;

    private PostgresBinaries(Path directory, String foundBy) {
        this.directory = directory;
        this.foundBy = foundBy;
    }

    /** The configured directory, else the first of {@code pg_config --bindir}, Debian's layout, the PATH. */
    static PostgresBinaries find(TemporaryPostgresOptions options) {
        if (options.binDirectory() != null) {
            return new PostgresBinaries(options.binDirectory(), "configured (" + TemporaryPostgresOptions.BIN_VARIABLE
                    + " or the options)");
        }
        List<String> tried = new ArrayList<>();
        Path fromPgConfig = pgConfigBinDirectory(tried);
        if (fromPgConfig != null) {
            return new PostgresBinaries(fromPgConfig, "pg_config --bindir");
        }
        Path debian = newestDebianVersion(tried);
        if (debian != null) {
            return new PostgresBinaries(debian, "the newest " + DEBIAN_VERSIONS + "/<version>/bin");
        }
        String path = System.getenv("PATH");
        for (String entry : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && Files.isExecutable(Path.of(entry, "initdb"))) {
                return new PostgresBinaries(Path.of(entry), "initdb on the PATH");
            }
        }
        tried.add("initdb on the PATH: not found");
        throw new TemporaryPostgresException("the PostgreSQL server binaries (initdb, pg_ctl) were not found; tried "
                + String.join("; ", tried) + ". Install the PostgreSQL server or set "
                + TemporaryPostgresOptions.BIN_VARIABLE + " to the directory holding initdb");
    }

    /** The binary {@code name}, which must exist. */
    String tool(String name) {
        Path tool = directory.resolve(name);
        if (!Files.isExecutable(tool)) {
            throw new TemporaryPostgresException("the PostgreSQL binary '" + name + "' is missing from " + directory
                    + " (found by " + foundBy + "); install the PostgreSQL server there or set "
                    + TemporaryPostgresOptions.BIN_VARIABLE + " to another directory");
        }
        return tool.toString();
    }

    Path directory() {
        return directory;
    }

    private static Path pgConfigBinDirectory(List<String> tried) {
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            process.getOutputStream().close();
            // The output is one short line: it fits the pipe, so waiting before reading cannot block.
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                tried.add("pg_config --bindir: did not answer within 10 s");
                return null;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            Path directory = process.exitValue() == 0 && !output.isEmpty() ? Path.of(output) : null;
            if (directory != null && Files.isExecutable(directory.resolve("initdb"))) {
                return directory;
            }
            tried.add("pg_config --bindir: " + (directory == null ? "failed: " + output : "no initdb in " + directory));
        } catch (IOException e) {
            tried.add("pg_config --bindir: pg_config is not on the PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporaryPostgresException("interrupted while running pg_config", e);
        }
        return null;
    }

    private static Path newestDebianVersion(List<String> tried) {
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(DEBIAN_VERSIONS)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(DEBIAN_VERSIONS)) {
                for (Path version : versions) {
                    if (Files.isExecutable(version.resolve("bin").resolve("initdb"))) {
                        candidates.add(version.resolve("bin"));
                    }
                }
            } catch (IOException e) {
                tried.add(DEBIAN_VERSIONS + ": unreadable (" + e.getMessage() + ")");
                return null;
            }
        }
        if (candidates.isEmpty()) {
            tried.add(DEBIAN_VERSIONS + "/<version>/bin: no initdb");
            return null;
        }
        return candidates.stream().max(Comparator.comparingInt(PostgresBinaries::majorVersion)).orElseThrow();
    }

    private static int majorVersion(Path binDirectory) {
        try {
            return Integer.parseInt(binDirectory.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package org.eventsourcing4j.testkit.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server process of a data directory, found through its {@code postmaster.pid}, and the
 * crash of it: SIGKILL to the postmaster and every backend, with nothing shut down.
 */
final class Postmaster {
    private static final Path PROC = Path.of("/proc");

    private Postmaster() {
    }

    /** The running postmaster of {@code dataDirectory}, if there is one. */
    static Optional<ProcessHandle> of(Path dataDirectory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot read the postmaster.pid of " + dataDirectory, e);
        }
        if (lines.isEmpty()) {
            return Optional.empty(); // being written by a starting server
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(process -> isServerOf(process, dataDirectory));
    }

    /**
     * Kills the server of {@code dataDirectory} as a crash would and waits until its processes are
     * gone. Its {@code postmaster.pid} is removed, unlike after a real crash: the killed postmaster
     * may linger as a zombie until its parent reaps it, and its PID may be reused, and either would
     * make the next start take it for a running server. Recovery does not depend on that file.
     *
     * @return whether there was a server to kill
     */
    static boolean kill(Path dataDirectory, Duration timeout) {
        Optional<ProcessHandle> found = of(dataDirectory);
        if (found.isEmpty()) {
            return false;
        }
        ProcessHandle postmaster = found.get();
        // The backends are listed first: once the postmaster is dead they are no longer its descendants.
        // The postmaster dies first: killed backends alone would make it reset and fork new ones.
        List<ProcessHandle> processes = new ArrayList<>(postmaster.descendants().toList());
        postmaster.destroyForcibly();
        processes.forEach(ProcessHandle::destroyForcibly);
        processes.add(postmaster);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(Postmaster::isLive)) {
            if (System.nanoTime() > deadline) {
                throw new TemporaryPostgresException("the server of " + dataDirectory + " (PID " + postmaster.pid()
                        + ") was sent SIGKILL but did not die within " + timeout.toSeconds() + " s");
            }
            pause();
        }
        try {
            Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot remove the postmaster.pid of " + dataDirectory, e);
        }
        return true;
    }

    /**
     * Whether {@code process} is the postmaster of {@code dataDirectory}: a PID in a stale
     * {@code postmaster.pid} may since belong to another program. Its command line ({@code postgres
     * -D <dataDirectory>}, as {@code pg_ctl} starts it) tells, where {@code /proc} shows it.
     */
    private static boolean isServerOf(ProcessHandle process, Path dataDirectory) {
        if (!isLive(process)) {
            return false;
        }
        Path cmdline = PROC.resolve(Long.toString(process.pid())).resolve("cmdline");
        if (!Files.isDirectory(PROC)) {
            return true;
        }
        try {
            String arguments = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            return arguments.contains(dataDirectory.toString());
        } catch (IOException e) {
            return false; // it ended meanwhile
        }
    }

    /** Alive and not a zombie (a dead process not yet reaped by its parent, on Linux). */
    private static boolean isLive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = PROC.resolve(Long.toString(process.pid())).resolve("stat");
        try {
            String line = new String(Files.readAllBytes(stat), StandardCharsets.UTF_8);
            int afterName = line.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= line.length() || line.charAt(afterName + 2) != 'Z';
        } catch (IOException e) {
            return Files.isDirectory(PROC) ? false : process.isAlive();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporaryPostgresException("interrupted while waiting for a killed server to die", e);
        }
    }
}

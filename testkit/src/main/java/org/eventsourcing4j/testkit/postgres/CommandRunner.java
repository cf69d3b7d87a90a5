package org.eventsourcing4j.testkit.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PostgreSQL commands, each with a time limit and its output captured.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root. When this JVM runs as root the
 * server commands run as {@link TemporaryPostgresOptions#osUser()} (through {@code runuser},
 * else {@code su}) and the cluster directories are handed to that user; otherwise everything
 * runs as the current user. Output goes to files, not pipes: {@code pg_ctl start} leaves a
 * server running that could otherwise hold a pipe open and block the read.
 */
final class CommandRunner {
    /** What a command printed and how it ended. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return "`" + String.join(" ", command) + "` exited with " + exitCode + (stdout.isBlank() ? "" : "; output:\n"
                    + stdout.strip()) + (stderr.isBlank() ? "" : "\nerrors:\n" + stderr.strip());
        }
    }

    private final UserPrincipal serverUser;
    private final List<String> asServerUser;
    private final Duration timeout;

    private CommandRunner(UserPrincipal serverUser, List<String> asServerUser, Duration timeout) {
        this.serverUser = serverUser;
        this.asServerUser = asServerUser;
        this.timeout = timeout;
    }

    /**
     * A runner for this process. {@code freshDirectory} was just created by this process, so its
     * owner tells whether the process runs as root.
     */
    static CommandRunner forThisProcess(TemporaryPostgresOptions options, Path freshDirectory) {
        // A little longer than the timeout pg_ctl is given, so that pg_ctl reports its own timeout first.
        Duration margin = options.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? options.timeout() : Duration.ofSeconds(5);
        Duration timeout = options.timeout().plus(margin);
        if (!ownedByRoot(freshDirectory)) {
            return new CommandRunner(null, List.of(), timeout);
        }
        String user = options.osUser();
        UserPrincipal principal;
        try {
            principal = freshDirectory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        } catch (UserPrincipalNotFoundException e) {
            throw new TemporaryPostgresException("running as root, and PostgreSQL refuses to run as root; it would run as"
                    + " OS user '" + user + "', which does not exist: create it or name another user in "
                    + TemporaryPostgresOptions.OS_USER_VARIABLE);
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot look up OS user '" + user + "'", e);
        }
        Path runuser = firstExisting("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser");
        if (runuser != null) {
            return new CommandRunner(principal, List.of(runuser.toString(), "-u", user, "--"), timeout);
        }
        Path su = firstExisting("/bin/su", "/usr/bin/su");
        if (su == null) {
            throw new TemporaryPostgresException("running as root, and PostgreSQL refuses to run as root; neither runuser"
                    + " nor su was found to run it as OS user '" + user + "'");
        }
        return new CommandRunner(principal, List.of(su.toString(), "-s", "/bin/sh", user, "-c"), timeout);
    }

    /** Gives {@code path} to the server's OS user, so the server can own or read it. */
    void handOver(Path path) {
        if (serverUser == null) {
            return;
        }
        try {
            Files.setOwner(path, serverUser);
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot give " + path + " to OS user " + serverUser.getName(), e);
        }
    }

    /** Runs a server command ({@code initdb}, {@code pg_ctl}, {@code pg_basebackup}) as the server's OS user. */
    Result runAsServer(Path workDirectory, List<String> command) {
        if (asServerUser.isEmpty()) {
            return run(workDirectory, command);
        }
        List<String> wrapped = new ArrayList<>(asServerUser);
        if (asServerUser.get(asServerUser.size() - 1).equals("-c")) {
            wrapped.add(shellQuoted(command));
        } else {
            wrapped.addAll(command);
        }
        Result result = run(workDirectory, wrapped);
        return new Result(command, result.exitCode(), result.stdout(), result.stderr());
    }

    /** Runs a client command ({@code psql}) as the current user. */
    Result run(Path workDirectory, List<String> command) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile(workDirectory, "command-", ".out");
            stderr = Files.createTempFile(workDirectory, "command-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            hermetic(builder.environment());
            Process process = builder.start();
            process.getOutputStream().close(); // nothing may wait for input from a test
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new TemporaryPostgresException("`" + String.join(" ", command) + "` did not finish within "
                        + timeout.toSeconds() + " s and was ended; its output:\n" + read(stdout) + read(stderr));
            }
            return new Result(command, process.exitValue(), read(stdout), read(stderr));
        } catch (IOException e) {
            throw new TemporaryPostgresException("cannot run `" + String.join(" ", command) + "`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporaryPostgresException("interrupted while running `" + String.join(" ", command) + "`", e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /** The client environment variables ({@code PGHOST}, {@code PGPORT}, ...) must not redirect the commands. */
    private static void hermetic(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        environment.put("LC_ALL", "C");
    }

    private static boolean ownedByRoot(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:uid")).intValue() == 0;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return false; // not a Unix file system: there is no root to refuse
        }
    }

    private static Path firstExisting(String... candidates) {
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }

    private static String shellQuoted(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append(line.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover output file is deleted with its cluster directory
            }
        }
    }
}

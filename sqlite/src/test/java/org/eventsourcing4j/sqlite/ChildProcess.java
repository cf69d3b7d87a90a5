package org.eventsourcing4j.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running {@link AppendingProcess} on the test classpath. Its complete stdout
 * lines (those ending in {@code " ."}) are collected by a reader thread; its stderr goes to
 * a file that failures quote.
 */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private ChildProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::readLines, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(Path workDir, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, AppendingProcess.class.getName()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(workDir, "child", ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildProcess(process, stderr);
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.endsWith(" .")) {
                    lines.add(line.substring(0, line.length() - 2));
                }
            }
        } catch (IOException e) {
            // The stream closes when the child dies; what was read is in the queue.
        }
    }

    /** The next complete line, waiting at most 60 s. */
    String nextLine() throws InterruptedException {
        String line = lines.poll(60, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no line from the child process within 60 s; alive=" + process.isAlive()
                    + ", stderr:\n" + stderrText());
        }
        return line;
    }

    /** The next complete line if one arrives within {@code millis}, else null. */
    String pollLine(long millis) throws InterruptedException {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
    }

    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** kill -9, then every complete line it printed before dying. */
    List<String> killAndDrain() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child process did not die");
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        return rest;
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the child process did not exit; stderr:\n" + stderrText());
        }
        return process.exitValue();
    }

    String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

package org.eventsourcing4j.testkit.publishing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.PublisherOptions;

/**
 * A publisher in a JVM of its own, on a SQLite file, for the crash tests of
 * {@link PublisherFaultContract}: prints {@code CHECKPOINT <position>} lines until it is
 * killed. {@link #start} launches it; {@link #main} is what runs in the child.
 *
 * <p>Arguments: the fixture class (a {@link PublisherFaultContract} with a no-argument
 * constructor), the database file, the publisher name, then the channel's address.
 */
public final class PublisherProcess implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final AtomicLong checkpoint = new AtomicLong(-1);

    private PublisherProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::readLines, "publisher-process-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    public static PublisherProcess start(Class<? extends PublisherFaultContract> fixture, Path database, String name,
                                         List<String> address) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, PublisherProcess.class.getName(), fixture.getName(), database.toString(), name));
        command.addAll(address);
        Path stderr = Files.createTempFile(database.getParent(), "publisher", ".err");
        return new PublisherProcess(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
    }

    /** The last checkpoint the child printed (its plain position), -1 before the first. */
    public long checkpoint() {
        return checkpoint.get();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the publisher process did not die");
        }
    }

    public String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing the publisher process", e);
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("CHECKPOINT ")) {
                    checkpoint.set(Long.parseLong(line.substring("CHECKPOINT ".length()).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The stream closes when the child dies; the last checkpoint read stays.
        }
    }

    public static void main(String[] args) throws Exception {
        Constructor<?> constructor = Class.forName(args[0]).getDeclaredConstructor();
        constructor.setAccessible(true);
        PublisherFaultContract fixture = (PublisherFaultContract) constructor.newInstance();
        Path database = Path.of(args[1]);
        String name = args[2];
        List<String> address = List.of(args).subList(3, args.length);
        try (JdbcEventStore store = fixture.openSqlite(database)) {
            PublisherOptions base = PublisherContract.options(name);
            PublisherOptions options = PublisherOptions.of(name, store.checkpoints())
                    .withProjection(base.projection()).withAckTimeout(base.ackTimeout())
                    .withLease(store.lease(name));
            try (BrokerChannel channel = fixture.channelAt(address);
                 EventPublisher publisher = channel.publisher(store, options)) {
                publisher.start();
                while (true) {
                    System.out.println("CHECKPOINT " + publisher.status().checkpoint().position());
                    System.out.flush();
                    Thread.sleep(20);
                }
            }
        }
    }
}

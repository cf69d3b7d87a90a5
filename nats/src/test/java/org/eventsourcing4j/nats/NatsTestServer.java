package org.eventsourcing4j.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A NATS server with JetStream of the tests' own ({@code /usr/sbin/nats-server} as a child
 * process on a free loopback port, its store in a temporary directory), for the tests that
 * kill and restart the broker: the shared server on 4222 is never touched. One per test
 * JVM ({@link #shared()}), killed and deleted when the JVM exits.
 */
final class NatsTestServer implements AutoCloseable {
    static final String SHARED_URL = "nats://127.0.0.1:4222";
    private static NatsTestServer shared;

    private final Path dir;
    private final int port;
    private Process process;

    private NatsTestServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static synchronized NatsTestServer shared() {
        if (shared == null) {
            try {
                NatsTestServer server = new NatsTestServer(Files.createTempDirectory("es4j-nats-"), freePort());
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                shared = server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    synchronized void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("/usr/sbin/nats-server", "-js", "-sd", dir.resolve("store").toString(),
                "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("nats-server did not start; see " + dir.resolve("server.log"));
            }
            Thread.sleep(50);
        }
    }

    /** kill -9. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory: the operating system cleans up what is left.
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package org.eventsourcing4j.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker for the tests: one KRaft node (broker and controller) in a child JVM
 * started from the {@code kafka_2.13} artifact on the test class path, on free loopback
 * ports, with a temporary log directory. {@link #kill()} is kill -9, {@link #start()}
 * starts it again on the same ports and data. One per test JVM ({@link #shared()}), closed
 * and deleted when the JVM exits.
 */
public final class KafkaTestBroker implements AutoCloseable {
    private static KafkaTestBroker shared;

    private final Path dir;
    private final int port;
    private final Path config;
    private Process process;

    private KafkaTestBroker(Path dir, int port, int controllerPort) throws IOException {
        this.dir = dir;
        this.port = port;
        this.config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
    }

    /** The broker of this test JVM, started on first use. */
    public static synchronized KafkaTestBroker shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("es4j-kafka-");
                KafkaTestBroker broker = new KafkaTestBroker(dir, freePort(), freePort());
                broker.format();
                broker.start();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
                shared = broker;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    /** Runs a broker until this process is killed, for the broker harness (see docs/benchmarks-brokers.md). */
    public static void main(String[] args) throws Exception {
        KafkaTestBroker broker = shared();
        System.out.println("kafka listening on " + broker.bootstrapServers());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private void format() throws IOException, InterruptedException {
        Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString(), "--ignore-formatted").redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + Files.readString(dir.resolve("format.log"))
                    + Files.readString(dir.resolve("format.err")));
        }
    }

    synchronized void start() throws IOException, InterruptedException {
        process = java("kafka.Kafka", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!accepts()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the kafka broker died at start; see " + dir.resolve("broker.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the kafka broker did not listen within 90 s; see " + dir);
            }
            Thread.sleep(100);
        }
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the kafka broker does not answer", e);
        }
    }

    /** kill -9, as a crash or a power cut would. */
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

    private ProcessBuilder java(String mainClass, String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + log4jConfig(), "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(
                mainClass.endsWith("StorageTool") ? "format.err" : "broker.err").toFile()));
    }

    private String log4jConfig() {
        Path file = dir.resolve("log4j2.properties");
        if (!Files.exists(file)) {
            try {
                Files.writeString(file, String.join("\n", "rootLogger.level=WARN", "rootLogger.appenderRef.out.ref=out",
                        "appender.out.type=Console", "appender.out.name=out", "appender.out.layout.type=PatternLayout",
                        "appender.out.layout.pattern=%d %p %c: %m%n", ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

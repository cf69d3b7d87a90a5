package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.examples.bank.BankApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three bank instances (child JVMs running {@code BankApp}) on one PostgreSQL schema with the
 * account projection partitioned in 8 segments ({@code bank.projection.segments}): commands
 * on any instance read their writes on every instance; one instance is killed with SIGKILL
 * mid-traffic, the two others take its segments over and no deposit is lost or counted twice.
 */
class PostgresPartitionedBankTest {
    private final PostgresFixture fixture = new PostgresFixture();
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(20, TimeUnit.SECONDS);
        }
        fixture.close();
    }

    @Test
    void three_instances_share_the_account_projection_and_survive_a_kill() throws Exception {
        String url = fixture.url();
        Map<String, BankClient> clients = new HashMap<>();
        Map<String, Process> instances = new HashMap<>();
        Map<String, Child> started = new HashMap<>();
        for (String name : List.of("a", "b", "c")) {
            started.put(name, launch(url, name));
        }
        for (String name : List.of("a", "b", "c")) {
            Child child = awaitUp(url, started.get(name));
            instances.put(name, child.process());
            clients.put(name, new BankClient(URI.create("http://127.0.0.1:" + child.port())));
        }
        List<String> ids = new ArrayList<>();
        List<String> order = List.of("a", "b", "c");
        for (int i = 0; i < 12; i++) {
            ids.add(clients.get(order.get(i % 3)).open("p" + i + "@example.com", "P" + i, "EUR"));
        }
        awaitClaimedBy(url, Set.of("a", "b", "c"));
        assertThat(segmentOwners(clients.get("a"))).containsExactlyInAnyOrder("a", "b", "c");
        // Read-your-writes across instances: a deposit on one is in every instance's read model at once.
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            HttpResponse<String> deposit = clients.get(order.get(i % 3)).deposit(id, "1.00");
            assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
            for (BankClient client : clients.values()) {
                assertThat(client.account(id).get("balance").stringValue()).isEqualTo("1.00");
            }
        }

        instances.get("b").destroyForcibly();
        assertThat(instances.get("b").waitFor(20, TimeUnit.SECONDS)).isTrue();
        clients.remove("b");
        List<String> alive = List.of("a", "c");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < ids.size(); i++) {
                HttpResponse<String> deposit = clients.get(alive.get(i % 2)).deposit(ids.get(i), "1.00");
                assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
            }
        }
        awaitClaimedBy(url, Set.of("a", "c"));
        assertThat(segmentOwners(clients.get("c"))).containsExactlyInAnyOrder("a", "c");
        for (String id : ids) {
            for (BankClient client : clients.values()) {
                assertThat(client.account(id).get("balance").stringValue()).as(id).isEqualTo("3.00");
                assertThat(client.account(id).get("version").longValue()).as(id).isEqualTo(4);
            }
        }
    }

    /** The owners of the account projection's segments, as the instance's {@code GET /projections} lists them. */
    private static Set<String> segmentOwners(BankClient client) {
        Set<String> owners = new HashSet<>();
        for (var projection : BankClient.json(client.get("/projections")).get("projections")) {
            if (projection.has("segments")) {
                assertThat(projection.get("segments")).hasSize(8);
                projection.get("segments").forEach(segment -> owners.add(segment.get("owner").asString()));
            }
        }
        return owners;
    }

    /** Waits until the claims table shows all 8 segments held, by exactly {@code owners}. */
    private static void awaitClaimedBy(String url, Set<String> owners) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Set<String> seen = Set.of();
        int claimed = 0;
        while (System.nanoTime() < deadline) {
            seen = new HashSet<>();
            claimed = 0;
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("select owner from es_segment_claims where owner is not null")) {
                while (rows.next()) {
                    seen.add(rows.getString(1));
                    claimed++;
                }
            } catch (java.sql.SQLException e) {
                // the table is created by the first instance that starts
            }
            if (claimed == 8 && seen.equals(owners)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("segments claimed by " + seen + " (" + claimed + " of 8), expected " + owners);
    }

    /** A bank instance in a child JVM, listening (once up) on {@code port}, logging to {@code log}. */
    private record Child(String name, int port, Process process, Path log) {
    }

    /**
     * Waits until {@code child} answers {@code /health/ready} with 200. A child that exits
     * fails the test at once with its exit code and the end of its log, except when another
     * process took its port between {@link #freePort()} and the child's bind: then it is
     * started again on another port.
     */
    private Child awaitUp(String url, Child child) throws IOException, InterruptedException {
        BankClient client = new BankClient(URI.create("http://127.0.0.1:" + child.port()));
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.get("/health/ready").statusCode() == 200) {
                    return child;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            if (!child.process().isAlive()) {
                String log = Files.readString(child.log());
                if (log.contains("already in use")) {
                    return awaitUp(url, launch(url, child.name()));
                }
                throw new AssertionError("bank instance " + child.name() + " exited with " + child.process().exitValue()
                        + " before it was ready; the end of " + child.log() + ":\n" + tail(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("bank instance " + child.name() + " was not ready within 240 s; the end of "
                + child.log() + ":\n" + tail(Files.readString(child.log())));
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }

    private Child launch(String url, String name) throws IOException {
        int port = freePort();
        Path log = Path.of("target", "partitioned-bank-" + name + ".log");
        Files.createDirectories(log.getParent());
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                // The child's logs go to its standard output, not to the test's log files.
                "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-Dlog4j2.configurationFile=" + Path.of("src", "test", "resources", "log4j2-child.xml").toAbsolutePath(),
                BankApp.class.getName(),
                "--postgres", url, "--port", Integer.toString(port), "--host", "127.0.0.1",
                "--bank.projection.segments=8", "--bank.projection.instance=" + name,
                "--bank.projection.heartbeat=300ms", "--bank.projection.claim-timeout=3s")
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        children.add(child);
        return new Child(name, port, child, log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

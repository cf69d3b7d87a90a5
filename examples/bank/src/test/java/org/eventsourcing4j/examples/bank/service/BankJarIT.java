package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code bank.jar} as a user runs it: {@code java -jar}, a few requests,
 * SIGTERM, and a second start on the same data directory. Runs after {@code package}
 * (failsafe), so it tests the jar this build made.
 */
class BankJarIT {
    static final Path JAR = Path.of("target", "bank.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @TempDir
    Path workDirectory;

    @Test
    void the_jar_serves_stops_gracefully_on_sigterm_and_finds_its_data_again() throws Exception {
        assertThat(JAR).exists();
        String id;
        try (Server first = Server.start(workDirectory, "--port", "0")) {
            BankClient client = new BankClient(first.uri);
            id = client.open("ann@example.com", "Ann", "EUR");
            assertThat(client.deposit(id, "100.00").statusCode()).isEqualTo(200);
            assertThat(client.withdraw(id, "30.00").statusCode()).isEqualTo(200);
            assertThat(first.log()).contains("storing events, snapshots and the account read model in SQLite file "
                    + workDirectory.resolve("bank-data").resolve("bank.db").toRealPath());

            first.process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close its output
            assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(first.process.exitValue()).isEqualTo(143);
            assertThat(first.log()).contains("account projection stopped at checkpoint 3").contains("stopped");
        }
        try (Server second = Server.start(workDirectory, "--port", "0")) {
            BankClient client = new BankClient(second.uri);
            assertThat(client.account(id).get("balance").stringValue()).isEqualTo("70.00");
            assertThat(BankClient.json(client.get("/accounts/" + id + "/events"))).hasSize(3);
        }
    }

    @Test
    void the_jar_keeps_its_data_in_postgresql_across_a_restart() throws Exception {
        try (PostgresFixture postgres = new PostgresFixture()) {
            String id;
            try (Server first = Server.start(workDirectory, "--port", "0", "--postgres", postgres.url())) {
                BankClient client = new BankClient(first.uri);
                id = client.open("bob@example.com", "Bob", "USD");
                assertThat(client.deposit(id, "12.34").statusCode()).isEqualTo(200);
                assertThat(first.log()).contains("in PostgreSQL jdbc:postgresql:").doesNotContain("user=");
            }
            try (Server second = Server.start(workDirectory, "--port", "0", "--postgres", postgres.url())) {
                assertThat(new BankClient(second.uri).account(id).get("balance").stringValue()).isEqualTo("12.34");
            }
        }
    }

    /**
     * Clients deposit with idempotency keys and retry every request they got no answer to
     * (same key, same body) until one comes; the service is killed with SIGKILL in the middle
     * of the load, between appends and answers, and started again on the same data. Every
     * deposit then took effect exactly once: none lost, none twice.
     */
    @Test
    void keyed_deposits_retried_across_a_kill_minus_9_take_effect_exactly_once() throws Exception {
        int clients = 6;
        int depositsPerClient = 20;
        AtomicReference<URI> current = new AtomicReference<>();
        AtomicInteger answered = new AtomicInteger();
        Server first = Server.start(workDirectory, "--port", "0");
        Server second = null;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            current.set(first.uri);
            String id = new BankClient(first.uri).open("kim@example.com", "Kim", "EUR");
            CyclicBarrier start = new CyclicBarrier(clients + 1);
            List<Future<Integer>> retries = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                retries.add(pool.submit(() -> {
                    start.await();
                    int retried = 0;
                    for (int d = 0; d < depositsPerClient; d++) {
                        String key = "client-" + client + "-deposit-" + d;
                        while (!depositOnce(current.get(), id, key)) {
                            retried++;
                            TimeUnit.MILLISECONDS.sleep(50);
                        }
                        answered.incrementAndGet();
                    }
                    return retried;
                }));
            }
            start.await();
            while (answered.get() < clients * depositsPerClient / 3) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            first.process.destroyForcibly(); // SIGKILL, while requests are in flight
            assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            second = Server.start(workDirectory, "--port", "0");
            current.set(second.uri);
            int retried = 0;
            for (Future<Integer> future : retries) {
                retried += future.get(120, TimeUnit.SECONDS);
            }
            assertThat(retried).as("requests that got no answer and were sent again").isPositive();

            BankClient client = new BankClient(second.uri);
            int deposits = clients * depositsPerClient;
            assertThat(client.account(id).get("balance").stringValue()).isEqualTo(deposits + ".00");
            assertThat(BankClient.json(client.get("/accounts/" + id + "/events?limit=1000"))).hasSize(deposits + 1);
        } finally {
            pool.shutdownNow();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** One keyed deposit of 1.00; false when no answer came (the service is down or died mid-request). */
    private static boolean depositOnce(URI uri, String account, String key) {
        try {
            HttpResponse<String> response = new BankClient(uri).post("/accounts/" + account + "/deposits",
                    "{\"amount\":\"1.00\"}", "Idempotency-Key", key);
            if (response.statusCode() == 200) {
                return true;
            }
            assertThat(response.statusCode()).as(response.body()).isIn(503);
            return false;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    @Test
    void an_invalid_option_prints_the_usage_and_exits_with_status_2() throws Exception {
        Process process = new ProcessBuilder(java(), "-jar", JAR.toAbsolutePath().toString(), "--port", "http")
                .directory(workDirectory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("--port takes a number").contains("usage: java -jar bank.jar");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A running {@code java -jar bank.jar}; its output is collected, its URL read from the log. */
    static final class Server implements AutoCloseable {
        final Process process;
        final URI uri;
        private final StringBuffer log = new StringBuffer();
        private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);

        private Server(Process process) throws InterruptedException {
            this.process = process;
            Thread reader = new Thread(this::collectOutput, "bank-jar-output");
            reader.setDaemon(true);
            reader.start();
            this.uri = awaitListening();
        }

        static Server start(Path directory, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toAbsolutePath().toString()));
            command.addAll(List.of(args));
            return new Server(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start());
        }

        private void collectOutput() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.append(line).append('\n');
                    lines.offer(line);
                }
            } catch (IOException e) {
                log.append("(output ended: ").append(e).append(")\n");
            }
        }

        private URI awaitListening() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                Matcher matcher = line == null ? null : LISTENING.matcher(line);
                if (matcher != null && matcher.find()) {
                    return URI.create(matcher.group(1));
                }
            }
            throw new AssertionError("the jar did not say where it listens; output so far:\n" + log);
        }

        String log() {
            return log.toString();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }
    }
}

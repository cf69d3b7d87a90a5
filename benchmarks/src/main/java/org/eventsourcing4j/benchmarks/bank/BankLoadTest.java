package org.eventsourcing4j.benchmarks.bank;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load test of the bank service over real HTTP: starts the packaged service
 * ({@code java -jar bank.jar}, by default {@code examples/bank/target/bank.jar}) in a JVM of
 * its own on a free loopback port (SQLite in a fresh temporary directory, or PostgreSQL),
 * opens some accounts, then runs N clients that each send one deposit after another to a
 * random account for a fixed time, and reports deposits per second and latency percentiles,
 * the service's start-up time (from launching the JVM until it says where it listens) and
 * its resident memory after the run. Every deposit waits for the read model
 * (read-your-writes), as the service always does. Any jar with the same command line can be
 * measured, e.g. an older release's, for a side-by-side comparison.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.bank.BankLoadTest \
 *     [--clients 16] [--accounts 100] [--seconds 20] [--warmup 5] [--postgres JDBC_URL] [--jar PATH] [--jvm-arg ARG]...
 * </pre>
 *
 * Client and server share the machine's cores, so the numbers are a floor for the server alone.
 */
public final class BankLoadTest {
    private static final int MAX_SECONDS = 600;

    private BankLoadTest() {
    }

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    record Options(int clients, int accounts, int seconds, int warmup, String postgresUrl, Path jar, List<String> jvmArgs) {
        static Options parse(String[] args) {
            int clients = 16;
            int accounts = 100;
            int seconds = 20;
            int warmup = 5;
            String postgres = null;
            Path jar = Path.of("examples", "bank", "target", "bank.jar");
            List<String> jvmArgs = new ArrayList<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--clients" -> clients = bounded(args[i + 1], 1, 512);
                    case "--accounts" -> accounts = bounded(args[i + 1], 1, 100_000);
                    case "--seconds" -> seconds = bounded(args[i + 1], 1, MAX_SECONDS);
                    case "--warmup" -> warmup = bounded(args[i + 1], 0, MAX_SECONDS);
                    case "--postgres" -> postgres = args[i + 1];
                    case "--jar" -> jar = Path.of(args[i + 1]);
                    case "--jvm-arg" -> jvmArgs.add(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("every option takes a value");
            }
            return new Options(clients, accounts, seconds, warmup, postgres, jar, List.copyOf(jvmArgs));
        }

        private static int bounded(String value, int min, int max) {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(value + " is not within " + min + ".." + max);
            }
            return parsed;
        }
    }

    /** What one measured phase gave. */
    record Result(long deposits, long errors, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return deposits / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))] / 1_000_000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path data = Files.createTempDirectory("bank-load-");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmArgs());
        command.addAll(List.of("-jar", options.jar().toAbsolutePath().toString(), "--port", "0"));
        command.addAll(options.postgresUrl() == null ? List.of("--data", data.toString())
                : List.of("--postgres", options.postgresUrl()));
        long launched = System.nanoTime();
        Process service = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            URI base = awaitListening(service);
            double startupSeconds = (System.nanoTime() - launched) / 1e9;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> accounts = openAccounts(http, base, options.accounts());
            if (options.warmup() > 0) {
                run(http, base, accounts, options.clients(), options.warmup());
            }
            Duration cpuBefore = cpuTime(service);
            Result result = run(http, base, accounts, options.clients(), options.seconds());
            Duration cpu = cpuTime(service).minus(cpuBefore);
            double cpuPerDeposit = result.deposits() == 0 ? Double.NaN : cpu.toNanos() / 1e6 / result.deposits();
            long rssKiB = residentKiB(service.pid());
            String store = options.postgresUrl() == null ? "SQLite" : "PostgreSQL";
            System.out.printf(Locale.ROOT, "store=%s clients=%d accounts=%d seconds=%d jar=%s%n", store,
                    options.clients(), options.accounts(), options.seconds(), options.jar());
            System.out.printf(Locale.ROOT, "deposits=%d errors=%d deposits/s=%.0f p50=%.2fms p90=%.2fms p99=%.2fms"
                            + " max=%.2fms startup=%.2fs rss=%dMiB service-cpu/deposit=%.3fms%n",
                    result.deposits(), result.errors(), result.perSecond(), result.percentileMillis(50),
                    result.percentileMillis(90), result.percentileMillis(99), result.percentileMillis(100),
                    startupSeconds, rssKiB / 1024, cpuPerDeposit);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %d | %.2f | %d | %.3f |%n", store,
                    options.clients(), options.accounts(), result.perSecond(), result.percentileMillis(50),
                    result.percentileMillis(90), result.percentileMillis(99), result.errors(), startupSeconds,
                    rssKiB / 1024, cpuPerDeposit);
        } finally {
            service.destroy(); // SIGTERM: the service shuts down gracefully
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            deleteRecursively(data);
        }
    }

    /** Reads the service's output until it says where it listens (then keeps draining it in the background). */
    private static URI awaitListening(Process service) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = output.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (output.readLine() != null) {
                            // the service's log is not part of the measurement
                        }
                    } catch (IOException e) {
                        // the service ended
                    }
                }, "bank-output");
                drain.setDaemon(true);
                drain.start();
                return URI.create(matcher.group(1));
            }
        }
        throw new IllegalStateException("the service ended without saying where it listens:\n" + seen);
    }

    /**
     * The CPU time the service's JVM has used so far (user and system, all its threads): per
     * deposit, a figure that depends less on the machine's other load than the rate does.
     */
    private static Duration cpuTime(Process service) {
        return service.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The resident set size of process {@code pid} in KiB, from /proc (Linux); -1 elsewhere. */
    private static long residentKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    private static List<String> openAccounts(HttpClient http, URI base, int count) throws Exception {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = post(http, base.resolve("/accounts"),
                    "{\"email\":\"load" + i + "@example.com\",\"name\":\"Load " + i + "\"}");
            if (response.statusCode() != 201) {
                throw new IllegalStateException("could not open an account: " + response.body());
            }
            String location = response.headers().firstValue("Location").orElseThrow();
            ids.add(location.substring(location.lastIndexOf('/') + 1));
        }
        return ids;
    }

    private static Result run(HttpClient http, URI base, List<String> accounts, int clients, int seconds)
            throws InterruptedException {
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long durationNanos = Duration.ofSeconds(seconds).toNanos();
        long[] window = new long[2];
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new long[1024];
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = window[0] + durationNanos;
                while (System.nanoTime() < end) {
                    String id = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = post(http, base.resolve("/accounts/" + id + "/deposits"),
                                "{\"amount\":\"1.00\"}");
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    long latency = System.nanoTime() - sent;
                    if (counts[client] == latencies[client].length) {
                        latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                    }
                    latencies[client][counts[client]++] = latency;
                }
            }, "load-client-" + c);
            threads.add(thread);
            thread.start();
        }
        window[0] = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        window[1] = System.nanoTime();
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(total, errors.get(), (window[1] - window[0]) / 1e9, all);
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String json)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

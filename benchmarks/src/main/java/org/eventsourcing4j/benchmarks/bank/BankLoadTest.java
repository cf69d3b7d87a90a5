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
 * opens some accounts, then runs N clients that each send one request after another for a
 * fixed time, and reports requests and deposits per second and latency percentiles, the
 * service's start-up time (from launching the JVM until it says where it listens) and its
 * resident memory after the run. By default every request is a deposit to a random account;
 * {@code --opens P} and {@code --reads P} make P percent of them account openings (a new
 * owner's email and name: with crypto-shredding a new data key and two encryptions) and reads
 * of a random account's audit trail ({@code GET /accounts/{id}/events?limit=20}, which decrypts
 * the owner's email and name). Every command waits for the read model (read-your-writes), as
 * the service always does. {@code --shredding on|off} is passed to the service (unset: its
 * default, on). Any jar with the same command line can be measured, e.g. an older release's,
 * for a side-by-side comparison.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.bank.BankLoadTest \
 *     [--clients 16] [--accounts 100] [--seconds 20] [--warmup 5] [--postgres JDBC_URL] [--jar PATH] \
 *     [--opens 0] [--reads 0] [--shredding on|off] [--jvm-arg ARG]... [--measure-at EPOCH_SECOND]
 * </pre>
 *
 * Client and server share the machine's cores, so the numbers are a floor for the server alone.
 */
public final class BankLoadTest {
    private static final int MAX_SECONDS = 600;
    /** Numbers the owners of accounts opened under load, across the warm-up and the measurement. */
    private static final AtomicLong OPENED = new AtomicLong();

    private BankLoadTest() {
    }

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    /**
     * @param opens     percent of the requests that open an account
     * @param reads     percent of the requests that read an audit trail
     * @param shredding {@code on}, {@code off}, or null for the service's default
     */
    record Options(int clients, int accounts, int seconds, int warmup, String postgresUrl, Path jar, List<String> jvmArgs,
                   int opens,
                   int reads, String shredding, long measureAtEpochSecond) {
        static Options parse(String[] args) {
            int clients = 16;
            int accounts = 100;
            int seconds = 20;
            int warmup = 5;
            String postgres = null;
            Path jar = Path.of("examples", "bank", "target", "bank.jar");
            int opens = 0;
            int reads = 0;
            String shredding = null;
            long measureAt = 0;
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
                    case "--opens" -> opens = bounded(args[i + 1], 0, 100);
                    case "--reads" -> reads = bounded(args[i + 1], 0, 100);
                    case "--measure-at" -> measureAt = Long.parseLong(args[i + 1]);
                    case "--shredding" -> {
                        shredding = args[i + 1];
                        if (!shredding.equals("on") && !shredding.equals("off")) {
                            throw new IllegalArgumentException("--shredding takes on or off, got " + shredding);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("every option takes a value");
            }
            if (opens + reads > 100) {
                throw new IllegalArgumentException("--opens and --reads add up to more than 100 percent");
            }
            return new Options(clients, accounts, seconds, warmup, postgres, jar, List.copyOf(jvmArgs), opens, reads,
                    shredding, measureAt);
        }

        private static int bounded(String value, int min, int max) {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(value + " is not within " + min + ".." + max);
            }
            return parsed;
        }
    }

    /** What a client sends: a deposit, an account opening, a read of an audit trail. */
    enum Kind {
        DEPOSIT, OPEN, READ
    }

    /** What one measured phase gave, for one kind of request or all of them. */
    record Result(long count, long errors, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return count / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))] / 1_000_000.0;
        }
    }

    /** A measured phase: the result for every request, and for each kind. */
    record Phase(Result all, java.util.Map<Kind, Result> byKind) {
        Result of(Kind kind) {
            return byKind.get(kind);
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
        if (options.shredding() != null) {
            command.addAll(List.of("--shredding", options.shredding()));
        }
        long launched = System.nanoTime();
        Process service = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            URI base = awaitListening(service);
            double startupSeconds = (System.nanoTime() - launched) / 1e9;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> accounts = openAccounts(http, base, options.accounts());
            if (options.measureAtEpochSecond() > 0) {
                warmUpUntil(http, base, accounts, options);
            } else if (options.warmup() > 0) {
                run(http, base, accounts, options, options.warmup());
            }
            Duration cpuBefore = cpuTime(service);
            Phase phase = run(http, base, accounts, options, options.seconds());
            Duration cpu = cpuTime(service).minus(cpuBefore);
            // Per request of any kind (with --opens/--reads the mix, else deposits only).
            double cpuPerRequest = phase.all().count() == 0 ? Double.NaN : cpu.toNanos() / 1e6 / phase.all().count();
            Result result = phase.of(Kind.DEPOSIT);
            long rssKiB = residentKiB(service.pid());
            String store = options.postgresUrl() == null ? "SQLite" : "PostgreSQL";
            System.out.printf(Locale.ROOT, "store=%s clients=%d accounts=%d seconds=%d jar=%s opens=%d%% reads=%d%%"
                            + " shredding=%s%n", store, options.clients(), options.accounts(), options.seconds(),
                    options.jar(), options.opens(), options.reads(),
                    options.shredding() == null ? "default" : options.shredding());
            System.out.printf(Locale.ROOT, "deposits=%d errors=%d deposits/s=%.0f p50=%.2fms p90=%.2fms p99=%.2fms"
                            + " max=%.2fms startup=%.2fs rss=%dMiB service-cpu/request=%.3fms%n",
                    result.count(), phase.all().errors(), result.perSecond(), result.percentileMillis(50),
                    result.percentileMillis(90), result.percentileMillis(99), result.percentileMillis(100),
                    startupSeconds, rssKiB / 1024, cpuPerRequest);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %d | %.2f | %d | %.3f |%n", store,
                    options.clients(), options.accounts(), result.perSecond(), result.percentileMillis(50),
                    result.percentileMillis(90), result.percentileMillis(99), phase.all().errors(), startupSeconds,
                    rssKiB / 1024, cpuPerRequest);
            if (options.opens() + options.reads() > 0) {
                Result opens = phase.of(Kind.OPEN);
                Result reads = phase.of(Kind.READ);
                System.out.printf(Locale.ROOT, "mix | %s | shredding %s | requests/s %.0f p50 %.2f p99 %.2f"
                                + " | deposits/s %.0f p99 %.2f | opens/s %.0f p99 %.2f | reads/s %.0f p99 %.2f"
                                + " | errors %d |%n", store, options.shredding() == null ? "default" : options.shredding(),
                        phase.all().perSecond(), phase.all().percentileMillis(50), phase.all().percentileMillis(99),
                        result.perSecond(), result.percentileMillis(99), opens.perSecond(), opens.percentileMillis(99),
                        reads.perSecond(), reads.percentileMillis(99), phase.all().errors());
            }
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
     * request, a figure that depends less on the machine's other load than the rate does.
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

    /**
     * With {@code --measure-at}: the warm-up lasts until that moment (seconds since the epoch), so
     * that two load tests started together (say, two builds of the service side by side, under
     * the same load and the same steal of a shared host) measure the same wall-clock window.
     */
    private static void warmUpUntil(HttpClient http, URI base, List<String> accounts, Options options)
            throws Exception {
        long remaining = options.measureAtEpochSecond() - java.time.Instant.now().getEpochSecond();
        if (remaining < 1) {
            throw new IllegalStateException("--measure-at " + options.measureAtEpochSecond()
                    + " has passed: the service started too late; give it a later moment");
        }
        run(http, base, accounts, options, (int) remaining);
        long late = java.time.Instant.now().getEpochSecond() - options.measureAtEpochSecond();
        if (late > 1) {
            throw new IllegalStateException("the warm-up ended " + late + " s after --measure-at");
        }
    }

    private static Phase run(HttpClient http, URI base, List<String> accounts, Options options, int seconds)
            throws InterruptedException {
        int clients = options.clients();
        AtomicLong errors = new AtomicLong();
        Kind[] kinds = Kind.values();
        long[][][] latencies = new long[clients][kinds.length][];
        int[][] counts = new int[clients][kinds.length];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long durationNanos = Duration.ofSeconds(seconds).toNanos();
        long[] window = new long[2];
        for (int c = 0; c < clients; c++) {
            int client = c;
            for (Kind kind : kinds) {
                latencies[c][kind.ordinal()] = new long[1024];
            }
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = window[0] + durationNanos;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    int dice = random.nextInt(100);
                    Kind kind = dice < options.opens() ? Kind.OPEN
                            : dice < options.opens() + options.reads() ? Kind.READ : Kind.DEPOSIT;
                    String id = accounts.get(random.nextInt(accounts.size()));
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = switch (kind) {
                            case DEPOSIT -> post(http, base.resolve("/accounts/" + id + "/deposits"),
                                    "{\"amount\":\"1.00\"}");
                            case OPEN -> {
                                long n = OPENED.incrementAndGet();
                                yield post(http, base.resolve("/accounts"), "{\"email\":\"owner" + n
                                        + "@example.com\",\"name\":\"Owner " + n + "\"}");
                            }
                            case READ -> http.send(HttpRequest.newBuilder(base.resolve("/accounts/" + id
                                            + "/events?limit=20")).timeout(Duration.ofSeconds(30)).GET().build(),
                                    HttpResponse.BodyHandlers.ofString());
                        };
                        if (response.statusCode() != (kind == Kind.OPEN ? 201 : 200)) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    long latency = System.nanoTime() - sent;
                    int k = kind.ordinal();
                    if (counts[client][k] == latencies[client][k].length) {
                        latencies[client][k] = Arrays.copyOf(latencies[client][k], counts[client][k] * 2);
                    }
                    latencies[client][k][counts[client][k]++] = latency;
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
        double elapsed = (window[1] - window[0]) / 1e9;
        java.util.Map<Kind, Result> byKind = new java.util.EnumMap<>(Kind.class);
        List<long[]> every = new ArrayList<>();
        for (Kind kind : kinds) {
            long[] all = gather(latencies, counts, kind.ordinal());
            every.add(all);
            byKind.put(kind, new Result(all.length, 0, elapsed, all));
        }
        long[] all = every.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Phase(new Result(all.length, errors.get(), elapsed, all), byKind);
    }

    /** Every client's latencies of one kind, sorted. */
    private static long[] gather(long[][][] latencies, int[][] counts, int kind) {
        int total = 0;
        for (int[] count : counts) {
            total += count[kind];
        }
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < counts.length; c++) {
            System.arraycopy(latencies[c][kind], 0, all, at, counts[c][kind]);
            at += counts[c][kind];
        }
        Arrays.sort(all);
        return all;
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
